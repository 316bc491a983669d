#!/usr/bin/env python3
"""Independent checker for the fh8 held-out corpus (standard library only; adapted from ff-holdout6, itself adapted from ff-holdout5).

Re-reads every fh8-*.txt as bytes, splits it into lines (CRLF or LF) and, for every
entry of the matching .truth.json, prints the marked line and checks it against the
recorded first_words / parts / label / title. Exits non-zero on any mismatch.
"""
import json, re, sys, pathlib

HERE = pathlib.Path(__file__).resolve().parent
errors = 0

def err(msg):
    global errors
    errors += 1
    print('   ERROR:', msg)

WRAP_L = re.compile(r'^(\*\*|\*|_|\[|"|“|‘|> ?)+')
WRAP_R = re.compile(r'(\*\*|\*|_|\]|"|”|’)+$')

def unwrap(s):
    s = s.strip()
    s = WRAP_L.sub('', s)
    s = WRAP_R.sub('', s)
    return s.strip()

def norm(s):
    return ' '.join(s.split())

def is_separator(s):
    t = s.strip()
    if not t:
        return False
    if re.fullmatch(r'\[\s*(scene\s+)?break\s*\]', t, re.I):    # fh5: [break]
        return True
    if re.fullmatch(r'_{3,}', t):                        # fh5: a line of underscores
        return True
    if re.fullmatch(r'[-~*\s]*(page|line|scene)\s*break[-~*\s]*', t, re.I):   # fh8: `~page break~`, a break written out in words
        return True
    if re.fullmatch(r'[^\w\s]+(\s+[^\w\s]+)*', t):      # *** , * * * , ——— , ~*~
        return True
    if re.fullmatch(r'[-~+=.]*(?:[oOxX0][-~+=.]*){2,}', t) or re.fullmatch(r'[-~][oOxX]([-~][oOxX])*[-~]', t):
        return True                                      # oOo, xXx, -x-, -o-o-o-, ~o~
    return False

def strip_label(s):
    t = s.strip()
    # fh3: a label written between two copies of the story's separator
    # (`-oOo- Imogen -oOo-`) loses the separator tokens at both ends
    toks = t.split()
    while len(toks) > 1 and is_separator(toks[0]):
        toks.pop(0)
    while len(toks) > 1 and is_separator(toks[-1]):
        toks.pop()
    t = ' '.join(toks)
    # fh6: a label glued between separator marks with no spaces (`<>Pip<>`)
    t = re.sub(r'^(?:<>)+|(?:<>)+$', '', t)
    t = re.sub(r'^[*_~\-\u2014\u2013\s(\[]+|[*_~\-\u2014\u2013\s)\]]+$', '', t)   # fh4: em/en dashes; fh5: [square brackets]
    return t.strip()

def show(lines, n):
    if 1 <= n <= len(lines):
        return repr(lines[n - 1])
    return '<out of range>'

def check(txt):
    name = txt.name[:-4]
    truth = json.loads((HERE / f'{name}.truth.json').read_text(encoding='utf-8'))
    raw = txt.read_bytes()
    text = raw.decode('utf-8')
    crlf = raw.count(b'\r\n')
    lines = text.replace('\r\n', '\n').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    nb = lambda n: 1 <= n <= len(lines) and lines[n - 1].strip() != ''
    print(f'== {txt.name}: {len(lines)} lines, {len(text.split())} words, '
          f'{"CRLF" if crlf else "LF"}')
    spans = []
    for L in truth['letters']:
        a, b = L['line'], L['end_line']
        print(f' letter {a}-{b}: {show(lines, a)} ... {show(lines, b)}')
        if not (nb(a) and nb(b)) or b < a:
            err(f'letter bounds {a}-{b} blank or reversed')
            continue
        fw = ' '.join(' '.join(lines[a - 1:a + 9]).split()[:5])
        if fw != L['first_words']:
            err(f'first_words {L["first_words"]!r} != {fw!r}')
        body = [unwrap(x) for x in lines[a - 1:b] if x.strip()]
        joined = norm(' '.join(body))
        for part in ('dateline', 'salutation', 'valediction', 'signature'):
            v = L.get(part)
            print(f'   {part}: {v!r}')
            if v is not None and norm(v) not in joined and norm(unwrap(v)) not in joined:
                err(f'{part} {v!r} not found in letter {a}-{b}')
        if not L['postscript'] and L['signature']:
            tail = norm(' '.join(body[-3:]))
            if norm(L['signature']) not in tail:
                err(f'no postscript but signature {L["signature"]!r} not in last three lines')
        print(f'   postscript: {L["postscript"]}')
        spans.append((a, b))
    for B in truth['breaks']:
        n, lab = B['line'], B['label']
        print(f' break {n} label={lab!r}: {show(lines, n)}')
        if not nb(n):
            err('break on blank line'); continue
        if lab is None:
            if not is_separator(lines[n - 1]):
                err('unlabelled break is not on a separator line')
        else:
            here = strip_label(lines[n - 1])
            nxt = next((k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip()), None)
            if here == lab:
                pass
            elif is_separator(lines[n - 1]) and nxt and strip_label(lines[nxt - 1]) == lab:
                print(f'   label line {nxt}: {show(lines, nxt)}')
            else:
                err(f'label {lab!r} not on line {n} nor on the line after its separator')
        for a, b in spans:
            if a <= n <= b:
                err(f'break {n} inside letter {a}-{b}')
        # fh6: a separator followed by a label line is ONE break, recorded at the
        # separator; a second break on the next non-blank line is an error
        if is_separator(lines[n - 1]):
            nxt = next((k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip()), None)
            if nxt and any(X['line'] == nxt and X['label'] is not None for X in truth['breaks']):
                err(f'break {n} (separator) and the label on line {nxt} are marked as two breaks')
    for C in truth['chapters']:
        n = C['line']
        print(f' chapter {n} {C["title"]!r}: {show(lines, n)}')
        parts = C['title'].split(' / ')
        if not nb(n) or lines[n - 1].strip() != parts[0]:
            err('chapter title does not equal the line')
        for k, sub in enumerate(parts[1:], 1):
            if n + k > len(lines) or lines[n + k - 1].strip() != sub:
                err(f'subtitle {sub!r} not on line {n + k}')
    for A in truth['author_notes']:
        a, b = A['line'], A['end_line']
        print(f' author note {a}-{b}: {show(lines, a)} ... {show(lines, b)}')
        if not (nb(a) and nb(b)) or b < a:
            err('author-note bounds blank or reversed')
        for x, y in spans:
            if not (b < x or a > y):
                err(f'author note overlaps letter {x}-{y}')
    for O in truth['optional']:
        print(f' optional {O["kind"]} {O["line"]}: {show(lines, O["line"])}')
        if not nb(O['line']):
            err('optional on blank line')
    for note in truth['notes']:
        m = re.match(r'NEGATIVE: line (\d+): ', note)
        if m:
            n = int(m.group(1))
            print(f' NEGATIVE {n}: {show(lines, n)}\n   note: {note[m.end():]}')
            if not nb(n):
                err('negative points at a blank line')
            for a, b in spans:
                if a <= n <= b:
                    err(f'negative {n} inside letter {a}-{b}')
            if any(B['line'] == n for B in truth['breaks']):
                err(f'negative {n} is also a marked break')
        else:
            print(f' note: {note}')
    return truth

def main():
    files = sorted(HERE.glob('fh8-*.txt'))
    for f in files:
        check(f)
    print(f'{len(files)} files checked')
    print(f'ERRORS: {errors}')
    return 1 if errors else 0

if __name__ == '__main__':
    sys.exit(main())
