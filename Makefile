# Build every sample story (EPUB + A5 PDF) into out/, rebuilding a book only when its
# manuscript, sidecar metadata, cover or images change (inkbind writes the dependency files).
#
#   make            all books          make clean      remove out/
#   make test       the test suite     make PAGE=ereader-6   PDFs for a 6" e-reader

INKBIND ?= target/release/inkbind
OUT     ?= out
PAGE    ?= a5
STORIES := $(wildcard stories/*.md stories/*.txt)
BOOKS   := $(foreach s,$(STORIES),$(OUT)/$(basename $(notdir $(s))).epub)

all: $(BOOKS)

$(INKBIND): $(wildcard src/*.rs src/*/*.rs src/*/*/*.rs) Cargo.toml
	cargo build --release

# One run writes both formats and the .d file.
$(OUT)/%.epub: stories/%.md $(INKBIND)
	$(INKBIND) build $< --out-dir $(OUT) --page $(PAGE) --depfile -q
$(OUT)/%.epub: stories/%.txt $(INKBIND)
	$(INKBIND) build $< --out-dir $(OUT) --page $(PAGE) --depfile -q

test:
	cargo test

clean:
	rm -rf $(OUT)

-include $(wildcard $(OUT)/*.d)

.PHONY: all test clean
