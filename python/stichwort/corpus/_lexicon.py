"""The word material of the synthetic news generator, written for this project.

Everything here is invented or generic German vocabulary: no sentence or
phrase is taken from a real corpus. Lists are whitespace-separated strings
so that the file stays readable; :mod:`stichwort.corpus.synthetic` turns them
into inflected forms, compounds and sampling tables.

Notation:

* nouns: ``Stem:g:plural`` with gender ``m``, ``f``, ``n`` or ``w`` (weak
  masculine: ``der Präsident, des Präsidenten``); the plural is a suffix
  (``+en``, ``+e``, ``+`` for none) or a whole word (``Märkte``).
* modifiers: the form a word takes in front of a compound head, linking
  element included (``Arbeits``, ``Bundes``, ``Schul``).
* verbs: ``3sg/3pl/preterite-3sg/participle/infinitive`` or, for regular
  verbs, the bare stem (``fordern`` is written ``forder`` + rules below are
  too fragile, so regular verbs are given as infinitives ending in ``-en``
  or ``-ieren``).
"""

from __future__ import annotations

SECTIONS: tuple[str, ...] = (
    "Web",
    "Panorama",
    "International",
    "Wirtschaft",
    "Sport",
    "Inland",
    "Etat",
    "Wissenschaft",
    "Kultur",
)

# Relative section frequencies of a general news archive (integers, so the
# sampling table is exact on every platform).
SECTION_WEIGHTS: tuple[int, ...] = (16, 16, 15, 14, 12, 10, 7, 6, 5)

GENERAL_NOUNS = """
Jahr:n:+e Woche:f:+n Tag:m:+e Monat:m:+e Zeit:f:+en Ende:n:+n Anfang:m:Anfänge
Frage:f:+n Antwort:f:+en Grund:m:Gründe Fall:m:Fälle Teil:m:+e Seite:f:+n
Land:n:Länder Stadt:f:Städte Gemeinde:f:+n Region:f:+en Staat:m:+en Welt:f:+en
Regierung:f:+en Behörde:f:+n Gericht:n:+e Gesetz:n:+e Plan:m:Pläne Ziel:n:+e
Entscheidung:f:+en Lösung:f:+en Lage:f:+n Problem:n:+e Kritik:f:+en Debatte:f:+n
Mensch:w:+en Person:f:+en Frau:f:+en Mann:m:Männer Kind:n:+er Familie:f:+n
Experte:w:+n Sprecher:m:+ Sprecherin:f:+nen Vertreter:m:+ Leiter:m:+ Chef:m:+s
Zahl:f:+en Anteil:m:+e Prozent:n:+e Million:f:+en Milliarde:f:+n Hälfte:f:+n
Bericht:m:+e Angabe:f:+n Studie:f:+n Umfrage:f:+n Ergebnis:n:+se Zeitung:f:+en
Arbeit:f:+en Projekt:n:+e Programm:n:+e System:n:+e Modell:n:+e Bereich:m:+e
Unternehmen:n:+ Firma:f:Firmen Verband:m:Verbände Verein:m:+e Partei:f:+en
Polizei:f:+en Öffentlichkeit:f:+en Situation:f:+en Entwicklung:f:+en Ansicht:f:+en
Ort:m:+e Haus:n:Häuser Straße:f:+n Raum:m:Räume Gebiet:n:+e Grenze:f:+n
Geld:n:+er Kosten:p:+ Preis:m:+e Wert:m:+e Mittel:n:+ Summe:f:+n Betrag:m:Beträge
Beginn:m:+e Schritt:m:+e Weg:m:+e Richtung:f:+en Rolle:f:+n Chance:f:+n
Erfolg:m:+e Hilfe:f:+n Unterstützung:f:+en Forderung:f:+en Vorschlag:m:Vorschläge
Idee:f:+n Meinung:f:+en Aussage:f:+n Erklärung:f:+en Information:f:+en Hinweis:m:+e
Sicherheit:f:+en Zukunft:f:Zukünfte Vergangenheit:f:+en Geschichte:f:+n Beispiel:n:+e
Wochenende:n:+n Abend:m:+e Morgen:m:+ Nacht:f:Nächte Stunde:f:+n Minute:f:+n
"""

SECTION_NOUNS: dict[str, str] = {
    "Web": """
Internet:n:+s Nutzer:m:+ Nutzerin:f:+nen Daten:p:+ App:f:+s Software:f:+s
Smartphone:n:+s Hersteller:m:+ Gerät:n:+e Plattform:f:+en Netzwerk:n:+e
Dienst:m:+e Konzern:m:+e Update:n:+s Version:f:+en Funktion:f:+en Rechner:m:+
Bildschirm:m:+e Spiel:n:+e Konsole:f:+n Kamera:f:+s Akku:m:+s Browser:m:+
Lücke:f:+n Angriff:m:+e Hacker:m:+ Passwort:n:Passwörter Server:m:+ Speicher:m:+
Algorithmus:m:Algorithmen Roboter:m:+ Chip:m:+s Prozessor:m:+en Anbieter:m:+
Kunde:w:+n Suchmaschine:f:+n Nachricht:f:+en Video:n:+s Plattformbetreiber:m:+
""",
    "Panorama": """
Unfall:m:Unfälle Feuerwehr:f:+en Täter:m:+ Täterin:f:+nen Opfer:n:+ Verletzte:w:+n
Brand:m:Brände Ermittlung:f:+en Festnahme:f:+n Zeuge:w:+n Beamte:w:+n Wohnung:f:+en
Auto:n:+s Fahrzeug:n:+e Lenker:m:+ Lenkerin:f:+nen Krankenhaus:n:Krankenhäuser
Unwetter:n:+ Lawine:f:+n Gewitter:n:+ Hochwasser:n:+ Schaden:m:Schäden Rettung:f:+en
Staatsanwaltschaft:f:+en Anklage:f:+n Prozess:m:+e Urteil:n:+e Haft:f:+en Strafe:f:+n
Einbruch:m:Einbrüche Diebstahl:m:Diebstähle Leiche:f:+n Hund:m:+e Tier:n:+e
Bewohner:m:+ Passant:w:+en Alarm:m:+e Einsatz:m:Einsätze Notarzt:m:Notärzte
""",
    "International": """
Präsident:w:+en Präsidentin:f:+nen Armee:f:+n Konflikt:m:+e Krieg:m:+e Wahl:f:+en
Flüchtling:m:+e Grenze:f:+n Verhandlung:f:+en Rebell:w:+en Außenminister:m:+
Botschaft:f:+en Sanktion:f:+en Abkommen:n:+ Gipfel:m:+ Truppe:f:+n Soldat:w:+en
Waffenruhe:f:+n Anschlag:m:Anschläge Demonstrant:w:+en Protest:m:+e Opposition:f:+en
Hauptstadt:f:Hauptstädte Bevölkerung:f:+en Flucht:f:+en Lager:n:+ Hilfsorganisation:f:+en
Diplomat:w:+en Vertrag:m:Verträge Kommission:f:+en Union:f:+en Nachbarland:n:Nachbarländer
Milizen:p:+ Luftangriff:m:+e Kämpfer:m:+ Machthaber:m:+ Staatschef:m:+s Mehrheit:f:+en
""",
    "Wirtschaft": """
Umsatz:m:Umsätze Gewinn:m:+e Verlust:m:+e Bank:f:+en Markt:m:Märkte Aktie:f:+n
Konzern:m:+e Mitarbeiter:m:+ Mitarbeiterin:f:+nen Steuer:f:+n Inflation:f:+en Zins:m:+en
Investor:m:+en Anleger:m:+ Kurs:m:+e Börse:f:+n Wachstum:n:+ Konjunktur:f:+en
Branche:f:+n Produktion:f:+en Nachfrage:f:+n Export:m:+e Import:m:+e Handel:m:+
Kredit:m:+e Schuld:f:+en Haushalt:m:+e Budget:n:+s Vorstand:m:Vorstände Aufsichtsrat:m:Aufsichtsräte
Quartal:n:+e Prognose:f:+n Beschäftigte:w:+n Lohn:m:Löhne Gehalt:n:Gehälter Betrieb:m:+e
Fabrik:f:+en Energie:f:+n Strom:m:Ströme Öl:n:+e Gas:n:+e Übernahme:f:+n Pleite:f:+n
""",
    "Sport": """
Spiel:n:+e Mannschaft:f:+en Trainer:m:+ Trainerin:f:+nen Tor:n:+e Saison:f:+s
Meisterschaft:f:+en Liga:f:Ligen Sieg:m:+e Niederlage:f:+n Spieler:m:+ Spielerin:f:+nen
Punkt:m:+e Tabelle:f:+n Runde:f:+n Finale:n:+ Halbzeit:f:+en Elfmeter:m:+ Stürmer:m:+
Verteidiger:m:+ Torhüter:m:+ Fan:m:+s Stadion:n:Stadien Titel:m:+ Medaille:f:+n
Rennen:n:+ Weltcup:m:+s Abfahrt:f:+en Slalom:m:+s Läufer:m:+ Läuferin:f:+nen
Turnier:n:+e Satz:m:Sätze Match:n:+es Gegner:m:+ Rückstand:m:Rückstände Vorsprung:m:Vorsprünge
Verletzung:f:+en Transfer:m:+s Vertrag:m:Verträge Kader:m:+ Heimspiel:n:+e Auswärtsspiel:n:+e
""",
    "Inland": """
Partei:f:+en Koalition:f:+en Minister:m:+ Ministerin:f:+nen Parlament:n:+e Gesetz:n:+e
Opposition:f:+en Reform:f:+en Abgeordnete:w:+n Klub:m:+s Ausschuss:m:Ausschüsse
Landtag:m:+e Nationalrat:m:Nationalräte Kanzler:m:+ Kanzlerin:f:+nen Vizekanzler:m:+
Bundesland:n:Bundesländer Landeshauptmann:m:Landeshauptleute Bürgermeister:m:+ Bürgermeisterin:f:+nen
Pension:f:+en Schule:f:+n Lehrer:m:+ Asyl:n:+e Integration:f:+en Antrag:m:Anträge
Wähler:m:+ Wählerin:f:+nen Stimme:f:+n Mandat:n:+e Ministerium:n:Ministerien Budget:n:+s
Gewerkschaft:f:+en Kammer:f:+n Sozialpartner:m:+ Verfassung:f:+en Novelle:f:+n Beamtin:f:+nen
""",
    "Etat": """
Sender:m:+ Fernsehen:n:+ Zeitung:f:+en Medium:n:Medien Quote:f:+n Redaktion:f:+en
Journalist:w:+en Journalistin:f:+nen Moderator:m:+en Moderatorin:f:+nen Sendung:f:+en
Serie:f:+n Folge:f:+n Publikum:n:Publika Zuschauer:m:+ Zuseherin:f:+nen Radio:n:+s
Magazin:n:+e Verlag:m:+e Herausgeber:m:+ Chefredakteur:m:+e Chefredakteurin:f:+nen
Gebühr:f:+en Werbung:f:+en Kanal:m:Kanäle Format:n:+e Talkshow:f:+s Reportage:f:+n
Interview:n:+s Leser:m:+ Leserin:f:+nen Auflage:f:+n Abonnement:n:+s Podcast:m:+s
Stiftungsrat:m:Stiftungsräte Generaldirektor:m:+en Intendant:w:+en Presse:f:+n
""",
    "Wissenschaft": """
Forscher:m:+ Forscherin:f:+nen Wissenschafter:m:+ Wissenschafterin:f:+nen Studie:f:+n
Universität:f:+en Institut:n:+e Zelle:f:+n Art:f:+en Gen:n:+e Klima:n:+s
Experiment:n:+e Messung:f:+en Probe:f:+n Planet:w:+en Stern:m:+e Galaxie:f:+n
Sonde:f:+n Teleskop:n:+e Molekül:n:+e Protein:n:+e Virus:n:Viren Bakterium:n:Bakterien
Patient:w:+en Patientin:f:+nen Therapie:f:+n Krankheit:f:+en Medikament:n:+e Impfung:f:+en
Fossil:n:+ien Knochen:m:+ Gehirn:n:+e Temperatur:f:+en Erde:f:+n Ozean:m:+e
Team:n:+s Fachjournal:n:+e Hypothese:f:+n Methode:f:+n Analyse:f:+n Stichprobe:f:+n
""",
    "Kultur": """
Film:m:+e Ausstellung:f:+en Museum:n:Museen Künstler:m:+ Künstlerin:f:+nen Festival:n:+s
Roman:m:+e Bühne:f:+n Theater:n:+ Musik:f:+en Konzert:n:+e Oper:f:+n
Regisseur:m:+e Regisseurin:f:+nen Autor:m:+en Autorin:f:+nen Buch:n:Bücher Bild:n:+er
Werk:n:+e Premiere:f:+n Publikum:n:Publika Preis:m:+e Band:f:+s Album:n:Alben
Schauspieler:m:+ Schauspielerin:f:+nen Rolle:f:+n Inszenierung:f:+en Galerie:f:+n Sammlung:f:+en
Lied:n:+er Sänger:m:+ Sängerin:f:+nen Orchester:n:+ Kino:n:+s Drehbuch:n:Drehbücher
Literatur:f:+en Lesung:f:+en Kurator:m:+en Kuratorin:f:+nen Skulptur:f:+en Fotografie:f:+n
""",
}

# Modifier forms with their linking element. Nouns on -ung, -heit, -keit,
# -schaft, -ion, -tät and -ling are added automatically with "s".
GENERAL_MODIFIERS = """
Arbeits Bundes Landes Staats Stadt Gemeinde Regierungs Verkehrs Umwelt Energie
Wirtschafts Steuer Sicherheits Gesundheits Bildungs Familien Kinder Jugend Frauen
Alters Sozial Haupt Gesamt Grund Zusatz Sonder Not Spitzen Rekord Rahmen Kern
Stichtag Jahres Monats Wochen Tages Nacht Winter Sommer Herbst Frühjahrs Zukunfts
Miet Wohn Haus Bau Boden Wasser Strom Gas Öl Luft Lärm Müll Straßen Bahn Flug
Schul Hochschul Lehr Forschungs Kultur Medien Sport Freizeit Touristen Reise
Kranken Pflege Arzt Spitals Notfall Polizei Justiz Gerichts Straf Rechts Verfassungs
Finanz Geld Kredit Zins Bank Börsen Markt Handels Export Import Preis Kosten
Personal Führungs Partei Wahl Koalitions Oppositions Minister Kanzler Präsidenten
Grenz Asyl Flüchtlings Integrations Migrations Krisen Kriegs Friedens Militär Verteidigungs
Daten Internet Netz Software Handy Computer Technik Technologie Innovations Digital
Klima Natur Tier Wald Berg See Küsten Insel Alpen Donau Land Agrar Lebensmittel
Industrie Auto Motor Elektro Batterie Solar Wind Atom Kohle Benzin Diesel
"""

SECTION_MODIFIERS: dict[str, str] = {
    "Web": "Nutzer Geräte Sicherheits Spiele Kamera Akku Betriebs Such Cloud Online Video Chat Netzwerk Speicher Hacker Konsolen Tablet Software Daten",
    "Panorama": "Unfall Polizei Feuerwehr Rettungs Mord Brand Einbruchs Verkehrs Unwetter Lawinen Hochwasser Kriminal Tatort Opfer Zeugen Haft",
    "International": "Friedens Kriegs Flüchtlings Grenz Außen Botschafts Rebellen Militär Nato Uno Regierungs Präsidentschafts Wahl Sanktions Waffen",
    "Wirtschaft": "Unternehmens Konzern Aktien Börsen Gewinn Umsatz Steuer Zins Inflations Konjunktur Lohn Gehalts Handels Export Industrie Banken",
    "Sport": "Meister Fußball Ski Tennis Welt Europa Liga Cup Spiel Saison Trainings Mannschafts Team Tor Heim Auswärts Nachwuchs Olympia",
    "Inland": "Regierungs Koalitions Partei Landes Bundes Parlaments Wahl Pensions Sozial Asyl Schul Bildungs Budget Verfassungs Gemeinde Beamten",
    "Etat": "Fernseh Radio Zeitungs Medien Online Programm Sende Werbe Rundfunk Redaktions Gebühren Presse Serien Film Quoten",
    "Wissenschaft": "Forschungs Klima Gen Zell Stern Welt Raum Tier Pflanzen Universitäts Labor Krebs Impf Meeres Gletscher Gehirn",
    "Kultur": "Film Theater Musik Kunst Literatur Buch Opern Konzert Festival Museums Bühnen Kino Pop Jazz Tanz Kultur",
}

ADJECTIVES = """
neu groß klein hoch lang alt jung gut schlecht stark schwach wichtig möglich
aktuell letzt erst nächst weit gesamt öffentlich politisch wirtschaftlich sozial
international national regional lokal europäisch österreichisch deutsch
schwer leicht schnell langsam offen klar deutlich hart knapp breit
zentral zuständig bisherig künftig heutig frei sicher teuer günstig
bekannt neu eigen gemeinsam weiter ähnlich einzeln stabil kritisch
"""

SECTION_ADJECTIVES: dict[str, str] = {
    "Web": "digital mobil technisch kostenlos virtuell automatisch neuartig",
    "Panorama": "schwer tödlich verletzt unbekannt verdächtig betrunken heftig dicht",
    "International": "militärisch diplomatisch humanitär westlich russisch türkisch syrisch amerikanisch",
    "Wirtschaft": "finanziell wirtschaftlich börsennotiert operativ jährlich steuerlich teuer billig",
    "Sport": "sportlich entscheidend verletzt souverän knapp klar spannend olympisch",
    "Inland": "parlamentarisch rechtlich sozialdemokratisch konservativ grün liberal bundesweit umstritten",
    "Etat": "öffentlich-rechtlich privat journalistisch redaktionell medial erfolgreich beliebt kritisch",
    "Wissenschaft": "wissenschaftlich genetisch biologisch chemisch physikalisch medizinisch klinisch empirisch",
    "Kultur": "künstlerisch literarisch musikalisch zeitgenössisch klassisch modern berühmt preisgekrönt",
}

# Regular verbs as infinitives (weak conjugation is derived); strong and
# irregular verbs as "3sg/3pl/pret-3sg/participle/infinitive".
GENERAL_VERBS = """
fordern planen prüfen zeigen erklären melden berichten betonen kritisieren
bestätigen ankündigen präsentieren diskutieren verlangen erwarten brauchen
verhandeln beschließen:beschließt/beschließen/beschloss/beschlossen/beschließen
nennen:nennt/nennen/nannte/genannt/nennen sehen:sieht/sehen/sah/gesehen/sehen
geben:gibt/geben/gab/gegeben/geben nehmen:nimmt/nehmen/nahm/genommen/nehmen
finden:findet/finden/fand/gefunden/finden bringen:bringt/bringen/brachte/gebracht/bringen
halten:hält/halten/hielt/gehalten/halten treffen:trifft/treffen/traf/getroffen/treffen
erhalten:erhält/erhalten/erhielt/erhalten/erhalten verlieren:verliert/verlieren/verlor/verloren/verlieren
gewinnen:gewinnt/gewinnen/gewann/gewonnen/gewinnen unterstützen verbessern verändern
stoppen starten öffnen schließen:schließt/schließen/schloss/geschlossen/schließen
sichern fördern senken erhöhen verschieben:verschiebt/verschieben/verschob/verschoben/verschieben
untersuchen kontrollieren organisieren finanzieren reduzieren investieren informieren
"""

SECTION_VERBS: dict[str, str] = {
    "Web": "entwickeln installieren speichern verschlüsseln hacken testen programmieren aktualisieren",
    "Panorama": "verletzen festnehmen:nimmt_fest/nehmen_fest/nahm_fest/festgenommen/festnehmen retten löschen ermitteln stehlen:stiehlt/stehlen/stahl/gestohlen/stehlen bergen:birgt/bergen/barg/geborgen/bergen",
    "International": "bombardieren angreifen:greift_an/greifen_an/griff_an/angegriffen/angreifen verhandeln evakuieren sanktionieren wählen besetzen",
    "Wirtschaft": "verkaufen kaufen produzieren sparen kürzen übernehmen:übernimmt/übernehmen/übernahm/übernommen/übernehmen steigern exportieren",
    "Sport": "besiegen schlagen:schlägt/schlagen/schlug/geschlagen/schlagen spielen trainieren verteidigen führen holen siegen",
    "Inland": "beschließen:beschließt/beschließen/beschloss/beschlossen/beschließen regieren wählen ablehnen:lehnt_ab/lehnen_ab/lehnte_ab/abgelehnt/ablehnen reformieren blockieren novellieren",
    "Etat": "senden moderieren produzieren ausstrahlen:strahlt_aus/strahlen_aus/strahlte_aus/ausgestrahlt/ausstrahlen publizieren zeigen berichten",
    "Wissenschaft": "entdecken erforschen messen:misst/messen/maß/gemessen/messen beobachten analysieren nachweisen:weist_nach/weisen_nach/wies_nach/nachgewiesen/nachweisen simulieren",
    "Kultur": "inszenieren ausstellen:stellt_aus/stellen_aus/stellte_aus/ausgestellt/ausstellen komponieren schreiben:schreibt/schreiben/schrieb/geschrieben/schreiben spielen feiern eröffnen",
}

SAY_VERBS = "sagte betonte erklärte meinte kritisierte warnte ergänzte bestätigte hieß_es_von"

# Second parts of compound adjectives ("bundesweit", "arbeitsmarktpolitisch").
ADJECTIVE_HEADS = """
weit politisch bezogen relevant pflichtig nah frei reich arm fähig technisch
rechtlich spezifisch intensiv orientiert gerecht freundlich kritisch gesteuert
"""

# Separable particles that make new participles and infinitives.
PARTICLES = "ab an auf aus ein mit nach vor zurück weg vorbei heraus hinein"

ADVERBS = """
bereits auch noch nun jedoch allerdings zudem bisher zuletzt erneut derzeit
inzwischen offenbar vermutlich bislang weiterhin kaum rund etwa fast mehr
deutlich erstmals schon wieder vorerst damit dabei daher
"""

FIRST_NAMES_M = """
Andreas Thomas Michael Stefan Markus Martin Christian Peter Wolfgang Josef
Georg Franz Johann Lukas Florian Tobias Matthias Daniel David Alexander
Philipp Bernhard Gerhard Helmut Karl Werner Robert Jakob Simon Felix
"""

FIRST_NAMES_F = """
Anna Maria Sabine Claudia Andrea Barbara Monika Julia Katharina Elisabeth
Christina Eva Susanne Petra Karin Birgit Johanna Lena Sarah Laura
Theresa Verena Ingrid Gabriele Ulrike Martina Carina Sophie Nina Hanna
"""

# Surnames and place names are built from parts, so they are many and new.
SURNAME_HEADS = "Huber Berger Mayer Bauer Wagner Müller Hofer Lechner Schmid Winkler Brunner Eder Leitner Fischer Weber Gruber Steiner Moser Wimmer Auer"
SURNAME_PARTS = "Stein Wald Berg Wies Holz Brand Lind Eich Kirch Bach Hoch Ober Unter Neu Alt Rosen Grün Sonn Fuchs Feld"
SURNAME_ENDS = "bauer mann er hofer berger huber egger inger maier leitner reiter lehner"

PLACE_PARTS = "Neu Alt Ober Unter Hohen Nieder Grün Wald Stein Eich Linden Rosen Kirch Bach Berg Sonnen Wiesen Hasel Fuchs Mühl"
PLACE_ENDS = "dorf stadt berg burg feld heim hausen kirchen au tal bach brunn hofen ingen wang"

COUNTRIES = """
Deutschland Österreich Frankreich Italien Spanien Polen Ungarn Tschechien Slowenien
Kroatien Serbien Griechenland Türkei Russland Ukraine China Japan Indien Brasilien
Mexiko Kanada Ägypten Syrien Irak Iran Israel Nigeria Kenia Schweden Norwegen
"""

# Invented parties and organisations (acronyms and generic names).
PARTIES = "BVP LDP SFU GLP NBV VDA FSA UBL"

WEEKDAYS = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"

# Recurring phrases of news prose, used as fixed slot fillers.
TIME_PHRASES = """
am_Montag am_Dienstag am_Mittwoch am_Donnerstag am_Freitag am_Samstag am_Sonntag
am_Wochenende in_der_vergangenen_Woche in_der_kommenden_Woche im_vergangenen_Jahr
im_Vorjahr zuletzt bis_Ende_des_Jahres seit_Jahren in_den_kommenden_Monaten
am_Montagabend am_Sonntagnachmittag in_der_Nacht_auf_Freitag vor_wenigen_Tagen
"""

SOURCE_PHRASES = """
nach_Angaben_der_Polizei nach_Angaben_des_Unternehmens laut_einem_Bericht_der_Zeitung
nach_eigenen_Angaben laut_Polizei wie_ein_Sprecher_bestätigte laut_Medienberichten
nach_ersten_Erkenntnissen wie_es_hieß nach_Informationen_der_Nachrichtenagentur
"""

ROLES_M = "Sprecher Minister Chef Direktor Leiter Experte Präsident Vorsitzende Obmann Trainer Forscher Anwalt Bürgermeister Analyst"
ROLES_F = "Sprecherin Ministerin Chefin Direktorin Leiterin Expertin Präsidentin Vorsitzende Obfrau Trainerin Forscherin Anwältin Bürgermeisterin Analystin"

# Sentence templates. Slots (expanded by synthetic.py):
#   {S} subject NP   {SA} subject NP with adjective   {V} finite verb
#   {VP} preterite   {HAT} haben   {PP} participle   {MOD} modal  {INF} infinitive
#   {A}/{AA} accusative NP (with adjective)   {D}/{DA} dative   {G} genitive
#   {IA} indefinite accusative with adjective   {PER} role + person
#   {NAME} person   {LAST} surname   {CITY} place   {LAND} country
#   {PARTY} party   {PCT} percentage   {NUM} number   {MONEY} amount
#   {SMALL} number 1-90   {a|b} literal agreeing with the subject (sg|pl)
#   {YEAR} year   {DATE} day and month   {WHEN} time phrase   {SRC} source phrase
#   {ADJ} predicative adjective   {ADV} adverb   {SCORE} match result
TEMPLATES = """
{S} {V} {ADV} {AA}.
{WHEN} {V} {S} {A} und {A}.
{SA} {HAT} {WHEN} {AA} {PP}.
{S} {MOD} {ADV} {A} {INF}, {SRC}.
{SRC} {VP} {S} {WHEN} {A}.
Das {VP} {PER} {WHEN}.
„{S} {ist|sind} {ADV} {ADJ}“, {SAY} {PER}.
„Wir wollen {A} und {A} {INF}“, {SAY} {NAME} {WHEN}.
{S} {G} {V} um {PCT}.
Der Anteil {G} stieg {WHEN} auf {PCT}.
{S} {HAT} im Jahr {YEAR} {AA} {PP}.
Am {DATE} {V} {S} in {CITY} {A}.
In {CITY} {HAT} {S} {WHEN} {IA} {PP}.
{S} {V} mit {DA} {ADV} {A}.
Die Kosten für {A} belaufen sich auf {MONEY}.
{S} {VP} {IA}, {SRC}.
Nach Angaben {G} {ist|sind} {S} {ADV} {ADJ}.
Insgesamt {V} {S} rund {NUM} Euro für {A}.
Laut {PER} {V} {S} {A} bis {YEAR}.
{S} {ist|sind} {ADV} nicht {ADJ}.
Für {A} {V} {S} {MONEY}.
Auch {S} {V} {AA}.
{S} in {LAND} {V} {A} {G}.
Die {PARTY} {V} {A}, {NAME} {VP} {AA}.
Bei {DA} {VP} {S} {WHEN} {A}.
Zuvor {HAT} {S} {A} {PP}.
Seit {YEAR} {V} {S} {A} in {CITY}.
Ob {S} {A} {V}, ist {ADV} {ADJ}.
{S} {V}, dass {SA} {A} {V}.
{WHEN} {HAT} {PER} {IA} {PP}.
Dabei {V} {S} {ADV} auf {AA}.
Wie {S} {V}, {V} {SA} {A}.
{LAST} {SAY}: „{S} {ist|sind} {ADJ}.“
{S} {V} sich gegen {A} {G}.
Im Vorjahr {HAT} {S} noch {NUM} {A} {PP}.
Unter {D} {V} {S} {A}.
{S} {V} {A} und {V} {AA}.
Es ist {ADV} nicht {ADJ}, dass {S} {A} {V}.
{S} {wird|werden} {ADV} {A} {INF}.
{S} {wurde|wurden} {WHEN} von {D} {PP}.
Man {V} {ADV} mit {DA}, hieß es aus {D}.
Das sei ein {ADJ.er} Schritt für {A} und {A}, sagte {NAME}.
Zu {D} gab es {ADV} keine Angaben.
{S} {V} nicht nur {A}, sondern auch {A}.
Es handle sich um {IA}, {SAY} {PER}.
Dafür {stellt|stellen} {S} {MONEY} zur Verfügung.
{S} {will|wollen} im kommenden Jahr mit {DA} beginnen.
Auch in {CITY} und {CITY} {V} {S} {A}.
{S} {ist|sind} {ADV} zu {ADJ}, um {A} zu {INF}.
Erst {WHEN} {VP} {S} {A} aus {D}.
Er {V} {A}, sie {V} {A}.
Sie {V} sich {ADV} für {A} und gegen {A}.
Er sei {ADV} {ADJ} und {ADJ}, sagte {NAME}.
Dass {S} {A} {V}, {ist|sind} für {A} {ADJ}.
{S} {V} {A} als {ADJ}.
Aus {D} {ist|sind} {S} {ADV} nicht zu {INF}.
Über {A} {V} {S} {WHEN} in {CITY}.
Vor {D} {HAT} {S} sich {ADV} für {A} {PP}.
Bei {D} und {D} {ist|sind} {S} {ADJ}.
Damit {wird|werden} {S} auch {A} {INF} können.
Wer {A} {V}, muss mit {DA} rechnen.
{S} {hatte|hatten} {ADV} {A} {PP}, {SRC}.
Doch {S} {V} {ADV} an {DA} fest.
Als {ADJ} gilt auch {S} {G}.
Ein Sprecher {G} {VP} das {WHEN}.
Für {A} ist das {ADV} ein {ADJ.er} Erfolg.
Wie es mit {D} weitergeht, ist {ADV} offen.
Die Ursache des Unfalls ist noch unklar.
Es gilt die Unschuldsvermutung.
{S} {V} {ADV} mehr als {PCT}.
Die Zahl {G} ist seit {YEAR} um {PCT} gestiegen.
Zwischen {D} und {D} gibt es {ADV} {ADJ.e} Differenzen.
"""

SECTION_TEMPLATES: dict[str, str] = {
    "Web": """
Die neue Version {G} {V} {ADV} {AA}.
Nutzer {VPL} {A} ab {DATE} kostenlos.
Das Update {V} {PCT} mehr Leistung.
""",
    "Panorama": """
Nach Angaben der Polizei {VP} {S} {WHEN} in {CITY} {A}.
Ein {SMALL}-jähriger Mann wurde dabei schwer verletzt.
Die Feuerwehr rückte mit {SMALL} Fahrzeugen aus.
Der Schaden beläuft sich auf {MONEY}.
""",
    "International": """
In {LAND} {VP} {S} {WHEN} {A}.
Die Regierung in {CITY} {V} {A} {G}.
Mindestens {NUM} Menschen kamen dabei ums Leben.
""",
    "Wirtschaft": """
Der Umsatz {VP} im Quartal um {PCT} auf {MONEY}.
Die Aktie {VP} {WHEN} um {PCT}.
{S} {V} {WHEN} einen Gewinn von {MONEY}.
""",
    "Sport": """
{TEAM} {VP} {WHEN} gegen {TEAM} mit {SCORE}.
Das Tor zum {SCORE} erzielte {NAME} in der {SMALL}. Minute.
{TEAM} liegt nun mit {SMALL} Punkten auf Rang {SMALL}.
""",
    "Inland": """
Die {PARTY} {V} {A}, die {PARTY} {V} {AA}.
Der Nationalrat {VP} {WHEN} {A} {G}.
Laut Umfrage kommt die {PARTY} auf {PCT}.
""",
    "Etat": """
Die Sendung erreichte {WHEN} {NUM}.000 Zuschauer.
Der Sender {V} {A} ab {DATE}.
Der Marktanteil lag bei {PCT}.
""",
    "Wissenschaft": """
Die Forscher {VPPL} {A} im Fachjournal {LAST}.
Die Ergebnisse {VPL} {A} {G}.
In {PCT} der Fälle {VP} {S} {A}.
""",
    "Kultur": """
Die Ausstellung {V} {A} bis {DATE}.
{NAME} {V} in {CITY} {AA}.
Der Film {VP} {WHEN} beim Festival in {CITY} {A}.
""",
}

TITLE_TEMPLATES = """
{S} {V} {A}
{NAME}: {S} {V} {ADJ}
{S} in {CITY} {V} {A}
{PARTY} {V} {AA}
{A} {G}: {S} {V} {ADV}
{PCT} {G}
"""
