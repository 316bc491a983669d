# Build every story in stories/ (EPUB + PDF) into out/, rebuilding exactly what changed.
#
#   make                  every book            make clean       remove out/
#   make -j               in parallel           make test        the test suite
#   make PAGE=ereader-6   PDFs for a 6" e-reader (every PDF is rebuilt; so are the EPUBs
#                         when FORMAT changes)
#   make FORMAT=epub      EPUBs only            make FONTS=~/fonts/garamond   another family
#   make STORIES=shelf OUT=books                another shelf
#   make INKBIND=inkbind  use an installed inkbind instead of building this one
#
# A book is rebuilt when its manuscript, its sidecar metadata (story.yaml beside story.txt,
# even one added later), its cover or images (listed by inkbind in out/story.d), the options
# above, the fonts or the inkbind binary change. Two manuscripts that would make the same
# book (story.md and story.txt) are an error.

STORIES ?= stories
OUT     ?= out
PAGE    ?= a5
MARGIN  ?=
FORMAT  ?= all
FONTS   ?=

# Where cargo puts the binary: `cargo metadata` knows (CARGO_TARGET_DIR, .cargo/config.toml).
ifeq ($(origin INKBIND),undefined)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(shell cargo metadata --format-version 1 --no-deps 2>/dev/null | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'))
INKBIND    := $(or $(TARGET_DIR),target)/release/inkbind
BUILD_BIN  := yes
BIN_DEP    := $(INKBIND)
else
BIN_DEP    := $(shell command -v $(INKBIND) 2>/dev/null)
endif

MANUSCRIPTS := $(sort $(wildcard $(STORIES)/*.md $(STORIES)/*.markdown $(STORIES)/*.txt))
NAMES       := $(basename $(notdir $(MANUSCRIPTS)))
CLASHES     := $(sort $(foreach n,$(NAMES),$(if $(word 2,$(filter $(n),$(NAMES))),$(n))))
ifneq ($(CLASHES),)
$(error two manuscripts would make the same book: $(foreach n,$(CLASHES),$(filter $(STORIES)/$(n).%,$(MANUSCRIPTS))); rename one)
endif

EXTS  := $(if $(filter all,$(FORMAT)),epub pdf,$(FORMAT))
BOOKS := $(foreach n,$(NAMES),$(foreach e,$(EXTS),$(OUT)/$(n).$(e)))

# The options every book is made with, kept in a stamp file rewritten only when they change:
# books depend on it, so `make PAGE=…` rebuilds them and a second `make` does nothing.
OPTIONS := $(strip --format $(FORMAT) --page $(PAGE) $(if $(MARGIN),--margin $(MARGIN)) $(if $(FONTS),--font-dir $(FONTS)))
STAMP   := $(OUT)/.options
ifeq ($(filter clean test,$(MAKECMDGOALS)),)
$(shell mkdir -p $(OUT) && { [ "$$(cat $(STAMP) 2>/dev/null)" = '$(OPTIONS)' ] || printf '%s\n' '$(OPTIONS)' > $(STAMP); })
endif
FONT_FILES := $(if $(FONTS),$(wildcard $(FONTS)/*.ttf $(FONTS)/*.otf $(FONTS)/*.TTF $(FONTS)/*.OTF))
CONFIG     := $(wildcard $(STORIES)/inkbind.toml inkbind.toml)

all: $(BOOKS)

ifdef BUILD_BIN
$(INKBIND): $(shell find src fonts -type f 2>/dev/null) Cargo.toml Cargo.lock
	cargo build --release --bin inkbind
endif

# One run makes both formats and the dependency file (a pattern rule with two targets runs
# its recipe once for both, also under make -j). The sidecar is looked for every time, so
# one added later is noticed.
.SECONDEXPANSION:
BOOK_DEPS = $(BIN_DEP) $(STAMP) $(FONT_FILES) $(CONFIG) $$(wildcard $(STORIES)/$$*.yaml $(STORIES)/$$*.yml)
$(OUT)/%.epub $(OUT)/%.pdf: $(STORIES)/%.md $(BOOK_DEPS)
	$(INKBIND) build $< --out-dir $(OUT) $(OPTIONS) --depfile -q
$(OUT)/%.epub $(OUT)/%.pdf: $(STORIES)/%.markdown $(BOOK_DEPS)
	$(INKBIND) build $< --out-dir $(OUT) $(OPTIONS) --depfile -q
$(OUT)/%.epub $(OUT)/%.pdf: $(STORIES)/%.txt $(BOOK_DEPS)
	$(INKBIND) build $< --out-dir $(OUT) $(OPTIONS) --depfile -q

test:
	cargo test

clean:
	rm -rf $(OUT)

# Prints the binary the books are made with (used by the tests).
print-inkbind:
	@echo $(INKBIND)

-include $(wildcard $(OUT)/*.d)

.PHONY: all test clean print-inkbind
.DELETE_ON_ERROR:
