#!/usr/bin/env python3
"""Build fh8-NN-name.txt and fh8-NN-name.truth.json from src/fh8-NN-name.src.
(the ff-holdout6 generator, itself adapted from ff-holdout5, with the fh8- prefix.
ff-holdout6 added `@@ blank double`, which prints two empty lines between source
blocks, as a paste that doubled them. fh8 adds a check that no two letters overlap
and that every letter's parts were given, and refuses unknown header options.)

Source format (standard library only):
  header directives (before the first text line):
    @@ eol lf|crlf        line ends of the .txt
    @@ blank yes|no|double  blank line(s) between source blocks (paragraph groups)
    @@ wrap N             hard-wrap text lines longer than N columns (0 = never)
    @@ wraptrail yes      leave a trailing space at the end of every wrapped line
    @@ indent tab|spN     prefix a tab (or N spaces) to every printed line that starts with a letter/quote
    @@ trail N            add a trailing space to every Nth printed line (0 = never)
  body: source blocks are separated by blank source lines; the lines of one block
  are printed on consecutive lines. Tokens {NBSP} {SP} {TAB} become U+00A0, ' ',
  '\\t'. A text line that is exactly {BLANK} prints an empty line. A line starting
  {NOIND} is not indented by `@@ indent`.
  marking directives (attach to the next printed text line unless closing):
    @@L {json}      letter starts here; json holds dateline/salutation/valediction/
                    signature/postscript (first_words is computed)
    @@/L            letter ends at the last printed non-blank line
    @@B [label]     break here (label text, or none for a separator)
    @@C [title]     chapter heading (title defaults to the stripped line)
    @@N / @@/N      author's note start / end
    @@NEG text      note "NEGATIVE: line N: text"
    @@OPT kind why  optional item at the next line
    @@NOTE text     free note; {L} is replaced by the next line's number
"""
import json, sys, textwrap, pathlib

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent

def tok(s):
    return s.replace('{NBSP}', '\u00a0').replace('{SP}', ' ').replace('{TAB}', '\t')

def curly(s):
    # fh5: `@@ quotes curly` turns straight quotes into curly ones, the way a word
    # processor does; {APOS} forces a right single quote (for 'em, '90s)
    out = []
    for i, c in enumerate(s):
        prev = s[i - 1] if i else ' '
        if c == '"':
            out.append('\u201c' if (prev.isspace() or prev in '([*_`') else '\u201d')
        elif c == "'":
            nxt = s[i + 1] if i + 1 < len(s) else ' '
            if (prev.isspace() or prev in '([*_`"\u201c') and nxt.isalnum():
                out.append('\u2018')
            else:
                out.append('\u2019')
        else:
            out.append(c)
    return ''.join(out).replace('{APOS}', '\u2019')

def fixq(v, opts):
    if opts.get('quotes') == 'curly' and isinstance(v, str):
        return curly(v)
    return v

def build(src):
    name = src.stem
    opts = {'eol': 'lf', 'blank': 'yes', 'wrap': '0', 'wraptrail': 'no', 'indent': 'no', 'trail': '0',
            'quotes': 'straight'}
    raw = src.read_text(encoding='utf-8').split('\n')
    if raw and raw[-1] == '':
        raw.pop()
    out = []            # printed lines
    pending = []        # directives waiting for the next text line
    truth = {'source': None,
             'letters': [], 'breaks': [], 'chapters': [], 'notes': [], 'optional': [],
             'author_notes': []}
    open_letter = None
    open_note = None
    started = False
    need_sep = False
    wrap = 0
    def last_text():
        for i in range(len(out) - 1, -1, -1):
            if out[i].strip():
                return i + 1
        raise SystemExit(f'{name}: nothing printed yet')
    for ln in raw:
        if ln.startswith('@@ ') and not started:
            k, v = ln[3:].split(None, 1)
            if k not in opts and k != 'style':      # fh8: refuse a mistyped option
                raise SystemExit(f'{name}: unknown header option {k!r}')
            opts[k] = v.strip()
            wrap = int(opts['wrap'])
            continue
        if ln.startswith('@@'):
            d = ln[2:]
            if d.startswith('/L'):
                open_letter['end_line'] = last_text()
                truth['letters'].append(open_letter)
                open_letter = None
            elif d.startswith('/N'):
                open_note['end_line'] = last_text()
                truth['author_notes'].append(open_note)
                open_note = None
            elif d.startswith('NOTE '):
                pending.append(('NOTE', fixq(d[5:], opts)))
            elif d.startswith('NEG '):
                pending.append(('NEG', fixq(d[4:], opts)))
            elif d.startswith('OPT '):
                kind, why = d[4:].split(None, 1)
                pending.append(('OPT', (kind, why)))
            elif d.startswith('L'):
                given = json.loads(d[1:].strip() or '{}')
                miss = {'dateline', 'salutation', 'valediction', 'signature', 'postscript'} - set(given)
                if miss:                               # fh8: every part must be decided
                    raise SystemExit(f'{name}: letter parts not given: {sorted(miss)} in {ln!r}')
                pending.append(('L', {k: fixq(tok(v), opts) if isinstance(v, str) else v
                                      for k, v in json.loads(d[1:].strip() or '{}').items()}))
            elif d.startswith('B'):
                lab = fixq(tok(d[1:].strip()), opts)
                pending.append(('B', lab or None))
            elif d.startswith('C'):
                pending.append(('C', fixq(tok(d[1:].strip()), opts) or None))
            elif d.startswith('N'):
                pending.append(('N', None))
            else:
                raise SystemExit(f'{name}: bad directive {ln!r}')
            continue
        if ln.strip() == '':
            if started:
                need_sep = True
            continue
        if not started:
            kind = 'Project-Gutenberg-style' if opts.get('style') == 'gutenberg' else 'fan-fiction-style'
            truth['source'] = f'original {kind} text written for this held-out corpus ({name})'
        started = True
        if need_sep and opts['blank'] in ('yes', 'double'):
            out.append('')
            if opts['blank'] == 'double':       # fh6: a paste that doubled the blank lines
                out.append('')
        need_sep = False
        if ln == '{BLANK}':
            out.append('')
            continue
        text = fixq(tok(ln), opts)
        ind = '\t' if opts['indent'] == 'tab' else (' ' * int(opts['indent'][2:]) if opts['indent'].startswith('sp') else '')
        if text.startswith('{NOIND}'):
            text, ind = text[7:], ''
        if ind and (text[:1].isalnum() or text[:1] in '"\u201c\u2018\'(*_[') and any(c.isalnum() for c in text):
            text = ind + text
        if wrap and len(text) > wrap:
            parts = textwrap.wrap(text, wrap, break_long_words=False, break_on_hyphens=False)
            if text.startswith('\t'):
                parts[0] = '\t' + parts[0].lstrip()
            elif text.startswith(' '):
                parts[0] = text[:len(text) - len(text.lstrip(' '))] + parts[0].lstrip()
            if opts['wraptrail'] == 'yes':
                parts = [p + ' ' for p in parts[:-1]] + parts[-1:]
        else:
            parts = [text]
        lineno = len(out) + 1
        out.extend(parts)
        for kind, val in pending:
            if kind == 'L':
                if open_letter:                        # fh8: a forgotten @@/L
                    raise SystemExit(f'{name}: letter at line {lineno} opened inside letter {open_letter["line"]}')
                toks = ' '.join(out[lineno - 1:] ).split()
                # first five tokens from the letter's first line on (computed after all lines exist)
                open_letter = {'line': lineno, 'end_line': None, 'first_words': None,
                               'dateline': val.get('dateline'), 'salutation': val.get('salutation'),
                               'valediction': val.get('valediction'), 'signature': val.get('signature'),
                               'postscript': bool(val.get('postscript', False))}
            elif kind == 'B':
                truth['breaks'].append({'line': lineno, 'label': val})
            elif kind == 'C':
                truth['chapters'].append({'line': lineno, 'title': val or text.strip()})
            elif kind == 'N':
                open_note = {'line': lineno, 'end_line': None}
            elif kind == 'NEG':
                truth['notes'].append(f'NEGATIVE: line {lineno}: {val}')
            elif kind == 'NOTE':
                truth['notes'].append(val.replace('{L}', str(lineno)))
            elif kind == 'OPT':
                truth['optional'].append({'line': lineno, 'kind': val[0], 'why': val[1]})
        pending = []
    if open_letter or open_note or pending:
        raise SystemExit(f'{name}: unclosed letter/note or dangling directive')
    for L in truth['letters']:
        L['first_words'] = ' '.join(' '.join(out[L['line'] - 1:L['line'] + 9]).split(' ')).split()[:5]
        L['first_words'] = ' '.join(L['first_words'])
    for k in ('letters', 'breaks', 'chapters', 'optional'):
        truth[k].sort(key=lambda x: x['line'])
    for A, B in zip(truth['letters'], truth['letters'][1:]):    # fh8: letters do not nest
        if B['line'] <= A['end_line']:
            raise SystemExit(f'{name}: letters {A["line"]}-{A["end_line"]} and {B["line"]} overlap')
    tn = int(opts['trail'])
    if tn:
        out = [l + ' ' if l.strip() and i % tn == tn - 1 and not l.endswith(' ') else l for i, l in enumerate(out)]
    eol = '\r\n' if opts['eol'] == 'crlf' else '\n'
    (OUT / f'{name}.txt').write_bytes((eol.join(out) + eol).encode('utf-8'))
    (OUT / f'{name}.truth.json').write_text(json.dumps(truth, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    words = sum(len(l.split()) for l in out)
    print(f'{name}: {len(out)} lines, {words} words, {len(truth["letters"])} letters, '
          f'{len(truth["breaks"])} breaks, {len(truth["chapters"])} chapters, '
          f'{len(truth["author_notes"])} notes, {sum(n.startswith("NEGATIVE") for n in truth["notes"])} negatives')

if __name__ == '__main__':
    srcs = [pathlib.Path(a) for a in sys.argv[1:]] or sorted(HERE.glob('fh8-*.src'))
    for s in srcs:
        build(s)
