"""What ``gender_endings`` costs the German analysis of 10kGNAD, interleaved.

    python benches/gender_endings_cost.py [path/to/10kGNAD-test.csv] [rounds]

Runs ``Analyzer("german").terms_batch(texts, threads=1)`` and the same with
``gender_endings=False`` in turn (the order alternating), ``rounds`` times
(default 21), on the articles as they are (no article holds a form the
option reads: the byte test turns every one away) and on the articles with
" BÜRGER*INNEN und jede*r" spliced into the middle (every one then goes
through the marking, with the option on), and prints the median CPU time
(``time.process_time``) of each. Interleaving keeps the ratio fair on a
machine other jobs share.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import GNAD_CSV, read_gnad, require_shared  # noqa: E402

import stichwort  # noqa: E402

OPTIONS = {"on": {}, "off": {"gender_endings": False}}
FORMS = " BÜRGER*INNEN und jede*r "


def main(csv: Path, rounds: int) -> None:
    texts = [t for _, t in read_gnad(csv)]
    corpora = {"as is": texts, "with forms": [t[: len(t) // 2] + FORMS + t[len(t) // 2 :] for t in texts]}
    analyzers = {name: stichwort.Analyzer("german", **o) for name, o in OPTIONS.items()}
    print(f"{len(texts)} articles, {rounds} rounds, median CPU of terms_batch(threads=1):")
    for corpus, docs in corpora.items():
        for analyzer in analyzers.values():
            analyzer.terms_batch(docs, threads=1)  # warm the stem cache
        cpu: dict[str, list[float]] = {name: [] for name in OPTIONS}
        for r in range(rounds):
            for name, analyzer in list(analyzers.items())[:: 1 if r % 2 else -1]:
                start = time.process_time()
                analyzer.terms_batch(docs, threads=1)
                cpu[name].append(time.process_time() - start)
        on, off = (statistics.median(cpu[n]) for n in OPTIONS)
        print(f"  {corpus:10s}: gender_endings on {on * 1e3:6.1f} ms, off {off * 1e3:6.1f} ms (on/off {on / off:.3f})")


if __name__ == "__main__":
    main(require_shared(Path(sys.argv[1]) if len(sys.argv) > 1 else GNAD_CSV), int(sys.argv[2]) if len(sys.argv) > 2 else 21)
