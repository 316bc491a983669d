#!/usr/bin/env python3
"""List every capitalised word of the fh7 sources that also occurs (whole word,
case-insensitive) in one of the earlier READMEs. Standard library only."""
import re, pathlib
HERE = pathlib.Path(__file__).resolve().parent
READMES = ['/work/shared/corpus/pd-dev/README.md',
           '/work/main/tests/corpus/ff-blind/README.md',
           '/work/main/tests/corpus/ff-holdout/README.md',
           '/work/main/tests/corpus/ff-holdout2/README.md',
           '/work/main/tests/corpus/ff-holdout3/README.md',
           '/work/main/tests/corpus/ff-holdout4/README.md',
           '/work/main/tests/corpus/ff-holdout5/README.md',
           '/work/corpus6/ff-holdout6/README.md']
words = set()
for r in READMES:
    words |= {w.lower() for w in re.findall(r"[A-Za-z\u00c0-\u024f]+", open(r, encoding='utf-8').read())}
for src in sorted(HERE.glob('fh7-*.src')):
    text = '\n'.join(l for l in src.read_text(encoding='utf-8').split('\n') if not l.startswith('@@'))
    caps = sorted({w for w in re.findall(r"\b[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f]+", text)})
    hits = [w for w in caps if w.lower() in words]
    print(src.name + ':', ' '.join(hits))
