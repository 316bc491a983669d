//! Converts a manuscript held in memory — no files read, none needed — into an EPUB and a PDF.
//!
//!     cargo run --example in_memory [OUT_DIR]
//!
//! The cover comes from memory too (here drawn on the spot), through a `MemoryLoader`, which
//! also fixes the book's date so the bytes are the same on every run.

use inkbind::{convert, MemoryLoader, Options};

const MANUSCRIPT: &str = "---
title: The Tide Clock
author: Wren Alder
language: en
cover: cover.png
---

# The Clock

Every house on Quay Street kept two clocks: one for the hours, one for the tide. Mabel's
tide clock had stopped in March, and nobody had told the sea.

> Dear Mabel,
>
> The clock is not broken. It is waiting for you to wind it.
>
> Yours, as ever,
> Tom

* * *

*The next morning*

She wound it. The hand swung round to *high water*, and the harbour filled.
";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/example-out".into());
    std::fs::create_dir_all(&out)?;

    // A plain grey cover, made in memory.
    let mut cover = Vec::new();
    image::GrayImage::from_pixel(600, 800, image::Luma([180])).write_to(
        &mut std::io::Cursor::new(&mut cover),
        image::ImageFormat::Png,
    )?;
    let loader = MemoryLoader::new()
        .with_file("cover.png", cover) // paths are relative to the manuscript's name
        .with_time(1_767_225_600); // 2026-01-01: the book's date

    let options = Options::default().page("ereader-6").loader(loader);
    let book = convert("tide-clock.md", MANUSCRIPT.as_bytes(), &options)?;
    for w in &book.warnings {
        eprintln!("warning: {w}");
    }
    let epub = book.epub.expect("EPUB asked for");
    let pdf = book.pdf.expect("PDF asked for");
    std::fs::write(format!("{out}/tide-clock.epub"), &epub)?;
    std::fs::write(format!("{out}/tide-clock.pdf"), &pdf)?;
    println!(
        "{out}/tide-clock.epub ({} bytes), {out}/tide-clock.pdf ({} bytes)",
        epub.len(),
        pdf.len()
    );
    Ok(())
}
