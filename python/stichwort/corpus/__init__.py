from stichwort.corpus.synthetic import SECTIONS, synthetic_news
