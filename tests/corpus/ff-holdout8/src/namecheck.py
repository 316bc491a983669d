#!/usr/bin/env python3
"""Name check for the fh8 sources (standard library only).

Lists every capitalised word of src/fh8-*.src that occurs (whole word,
case-insensitive) in any of the nine earlier READMEs: pd-dev, ff-blind,
ff-holdout and ff-holdout2 ... ff-holdout7. Reads nothing else outside this folder.
Each hit is printed with the READMEs it occurs in; ordinary English words are then
told apart from names by reading the list.
"""
import re, sys, pathlib

HERE = pathlib.Path(__file__).resolve().parent
READMES = [pathlib.Path('/work/shared/corpus/pd-dev/README.md')] + [
    pathlib.Path(f'/work/main/tests/corpus/{d}/README.md')
    for d in ['ff-blind', 'ff-holdout'] + [f'ff-holdout{i}' for i in range(2, 8)]]

WORD = re.compile(r"[A-Z][A-Za-z\u00c0-\u017f]+")

def main():
    texts = {r.parent.name: r.read_text(encoding='utf-8').lower() for r in READMES}
    words = {}
    for src in sorted(HERE.glob('fh8-*.src')):
        for w in WORD.findall(src.read_text(encoding='utf-8')):
            words.setdefault(w, set()).add(src.stem[:6])
    hits = 0
    for w in sorted(words, key=str.lower):
        pat = re.compile(r'(?<![A-Za-z\u00c0-\u017f])' + re.escape(w.lower()) + r'(?![A-Za-z\u00c0-\u017f])')
        where = [name for name, t in texts.items() if pat.search(t)]
        if where:
            hits += 1
            print(f'{w:20} {",".join(sorted(words[w])):30} {" ".join(where)}')
    print(f'{len(words)} capitalised words, {hits} found in earlier READMEs')

if __name__ == '__main__':
    main()
