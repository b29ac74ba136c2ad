"""Writes the small reader fixtures in test/fixtures/ (run: /usr/bin/python3 scripts/make-reader-fixtures.py).

Each malformed case is one line, so tests can name the exact line number.
"""
import gzip
import os

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
os.makedirs(OUT, exist_ok=True)


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def gz(name, data):
    # mtime=0 keeps the file byte-identical across runs
    with open(os.path.join(OUT, name), 'wb') as raw:
        with gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as f:
            f.write(data)


attribution = 'CC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #6682462 (Fieldfaring)'

# A clean anki/Tatoeba file: BOM, CRLF on one line, with and without attribution, no final newline.
write('good.tsv', (
    '\ufeffGo.\tVe.\t' + attribution + '\n'
    'Hi.\tHola.\r\n'
    'Where is the station?\t¿Dónde está la estación?\n'
    '  Run!  \t ¡Corre! \t' + attribution
).encode('utf-8'))

# One malformed case per line (line numbers in comments).
malformed = [
    'Good morning.\tBuenos días.'.encode(),                      # 1 ok
    b'',                                                         # 2 blank line
    'No tab on this line'.encode(),                              # 3 missing tab
    'a\tb\tc\td'.encode(),                                       # 4 too many fields
    '\tSolo español.'.encode(),                                  # 5 empty first field
    b'Bad byte \xff here\tMal.',                                 # 6 invalid UTF-8
    ('Long ' + 'x' * 300 + '\tLargo.').encode(),                 # 7 over-long (test uses maxLineBytes=200)
    'Thank you.\tGracias.'.encode(),                             # 8 ok
    b'Truncated \xc3\tMal.',                                     # 9 invalid UTF-8 (cut sequence)
    'Bye.\tAdiós.'.encode(),                                     # 10 ok
]
write('malformed.tsv', b'\n'.join(malformed) + b'\n')

de = ['Ein Hund läuft.', 'Zwei Männer lesen.', 'Eine Frau singt.']
en = ['A dog runs.', 'Two men read.', 'A woman sings.']
write('good.de', ('\n'.join(de) + '\n').encode())
write('good.en', ('\n'.join(en) + '\n').encode())
gz('good.de.gz', ('\n'.join(de) + '\n').encode())
gz('good.en.gz', ('\n'.join(en) + '\n').encode())

# Two lines fewer than good.de.
write('short.en', ('\n'.join(en[:1]) + '\n').encode())

# Malformed aligned pair: line 2 invalid UTF-8 in the source, line 3 empty target, line 4 over-long source.
write('malformed.de', b'Ein Hund.\nKaputt \xe2\x28\xa1.\nLeer.\n' + b'y' * 300 + b'\nEnde.\n')
write('malformed.en', b'A dog.\nBroken.\n\nLong.\nEnd.\n')

# A .gz file that is not gzip.
write('corrupt.en.gz', b'this is not gzip data\n')
print('fixtures written to', os.path.normpath(OUT))
