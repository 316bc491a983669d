#!/usr/bin/env python3
"""Makes the inputs of benches/compare.sh from the sample stories (our own writing).

    benches/make-inputs.py DIR

writes
    DIR/story.md     the 3,195-word sample "The Lighthouse Letters" without its cover line,
                     so inkbind draws the typographic cover (the costly case)
    DIR/shelf/       1,000 such stories (story-0001.md …), each with its own title
    DIR/shelf100/    the first 100 of them (to see memory stay flat as a shelf grows)
    DIR/novel.md     a 320,000-word novel: the three sample stories' chapters over and over,
                     repetitions with fresh vocabularies (each word of five letters or
                     more gets one of twenty made-up variants), so shaping and hyphenation
                     caches see about as many distinct words (~20,000) as in a real novel
Deterministic: the same files every run.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def read(name):
    with open(os.path.join(ROOT, "stories", name), encoding="utf-8") as f:
        return f.read()


def body(text):
    """The manuscript without its front matter."""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return text[end + 5:]
    return text


def story_without_cover():
    text = read("the-lighthouse-letters.md")
    return "".join(l for l in text.splitlines(True) if not l.startswith("cover:"))


SYLLABLES = ["ar", "bel", "cor", "den", "el", "fis", "gar", "hol", "in", "jas", "ket",
             "lom", "mar", "nev", "or", "pel", "quin", "ros", "sal", "tor", "ul", "ven",
             "wil", "yar", "zen"]


def variant(word, n):
    """A made-up word derived from `word` and the repetition number `n`."""
    h = n * 7919
    for c in word.lower():
        h = (h * 31 + ord(c)) % 1_000_003
    extra = SYLLABLES[h % len(SYLLABLES)] + SYLLABLES[(h // 25) % len(SYLLABLES)]
    return word + extra if word[0].islower() else word + extra


WORD = re.compile(r"(?<![\w*_`\[(])([A-Za-z]{5,})(?![\w*_`\]])")


def novel(words_wanted=320_000):
    chapters = []
    for name in ["the-lighthouse-letters.md", "winter-orchard.md", "les-cerisiers.md"]:
        text = body(read(name))
        # Chapters: split at level-1/2 headings, keep their text.
        parts = re.split(r"(?m)^#{1,2} .*$", text)
        chapters.extend(p.strip() for p in parts if len(p.split()) > 200)
    out = ["---\ntitle: The Long Shelf\nauthor: Benchmark Writer\nlanguage: en\n"
           "date: 2026-01-01\n---\n"]
    words, n = 0, 0
    while words < words_wanted:
        ch = chapters[n % len(chapters)]
        if n >= len(chapters):
            ch = WORD.sub(lambda m: variant(m.group(1), n % 20), ch)
        out.append(f"\n# Chapter {n + 1}\n\n{ch}\n")
        words += len(ch.split())
        n += 1
    return "".join(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    os.makedirs(os.path.join(d, "shelf"), exist_ok=True)
    os.makedirs(os.path.join(d, "shelf100"), exist_ok=True)
    story = story_without_cover()
    with open(os.path.join(d, "story.md"), "w", encoding="utf-8") as f:
        f.write(story)
    for i in range(1, 1001):
        s = story.replace("title: The Lighthouse Letters", f"title: Lighthouse Letters {i}", 1)
        for folder in ["shelf", "shelf100"] if i <= 100 else ["shelf"]:
            with open(os.path.join(d, folder, f"story-{i:04}.md"), "w", encoding="utf-8") as f:
                f.write(s)
    text = novel()
    with open(os.path.join(d, "novel.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{d}/story.md {len(story.split())} words; {d}/shelf/ 1000 stories; "
          f"{d}/novel.md {len(text.split())} words")


if __name__ == "__main__":
    main()
