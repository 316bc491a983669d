//! Bounds on what inkbind reads, and safe file access: no input — however large, deep or
//! strange — may exhaust memory, stack or time, or make inkbind block on a FIFO or device.
//!
//! Every limit is far above what a real story needs (a 1.5-million-word manuscript, a
//! 35,000-word paragraph, 5,000 chapters); an input beyond one is refused with an error
//! that names the file, the line where known, and the limit.

use crate::error::{Code, Error, Result};
use std::io::Read;
use std::path::Path;

/// Largest manuscript file read (bytes): about 1.5 million words of English.
pub const MAX_MANUSCRIPT_BYTES: u64 = 8 * 1024 * 1024;
/// Largest YAML front matter or sidecar (bytes).
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;
/// Most keys in the front matter mapping.
pub const MAX_FRONT_MATTER_KEYS: usize = 200;
/// Most YAML nodes the front matter may hold once aliases are expanded (the alias budget).
pub const MAX_YAML_NODES: usize = 20_000;
/// Deepest nesting of Markdown containers and inline spans (blockquotes, lists, emphasis,
/// links) counted together.
pub const MAX_NESTING: usize = 64;
/// Longest paragraph, heading or letter part (characters): about 35,000 words.
pub const MAX_PARAGRAPH_CHARS: usize = 200_000;
/// Longest title, subtitle, author or other one-line metadata value (characters).
pub const MAX_META_CHARS: usize = 1_000;
/// Longest description or rights text (characters).
pub const MAX_META_TEXT_CHARS: usize = 20_000;
/// Most chapters in one book.
pub const MAX_CHAPTERS: usize = 5_000;
/// Most images (cover included) in one book.
pub const MAX_IMAGES: usize = 200;
/// Largest image file read (bytes).
pub const MAX_IMAGE_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Widest or tallest image (pixels).
pub const MAX_IMAGE_SIDE: u32 = 12_000;
/// Most memory one decoded image may take (bytes, at 4 bytes a pixel).
pub const MAX_IMAGE_DECODED_BYTES: u64 = 128 * 1024 * 1024;
/// Most memory all the images of one book may take decoded (bytes, at 4 bytes a pixel).
pub const MAX_TOTAL_IMAGE_BYTES: u64 = 192 * 1024 * 1024;
/// Largest font file read (bytes).
pub const MAX_FONT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a whole regular file of at most `max` bytes. Folders, FIFOs, devices and sockets
/// are refused before they are opened (opening a FIFO would block), and the file is opened
/// non-blocking and checked again, so a file swapped for a FIFO cannot hang the build either.
/// `what` names the file in messages ("manuscript", "cover image").
pub fn read_regular(path: &Path, max: u64, what: &str) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::at_file(path, format!("cannot read {what}: {}", io_reason(&e)))
            .code(Code::Unreadable)
    })?;
    check_regular(path, &meta, max, what)?;
    let file = open_nonblocking(path).map_err(|e| {
        Error::at_file(path, format!("cannot read {what}: {}", io_reason(&e)))
            .code(Code::Unreadable)
    })?;
    let meta = file.metadata().map_err(|e| {
        Error::at_file(path, format!("cannot read {what}: {}", io_reason(&e)))
            .code(Code::Unreadable)
    })?;
    check_regular(path, &meta, max, what)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| {
        Error::at_file(path, format!("cannot read {what}: {}", io_reason(&e)))
            .code(Code::Unreadable)
    })?;
    if bytes.len() as u64 > max {
        return Err(too_large(path, what, max));
    }
    Ok(bytes)
}

/// [`read_regular`] for loaders: the same checks, as I/O errors (`InvalidInput` for a file
/// that is not a regular file, `FileTooLarge` past `max`).
pub fn read_regular_io(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error as IoError, ErrorKind};
    let check = |meta: &std::fs::Metadata| -> std::io::Result<()> {
        if !meta.is_file() {
            return Err(IoError::new(
                ErrorKind::InvalidInput,
                format!("is {}, not a file", kind_of(meta)),
            ));
        }
        if meta.len() > max {
            return Err(IoError::new(ErrorKind::FileTooLarge, "file too large"));
        }
        Ok(())
    };
    check(&std::fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    check(&meta)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(IoError::new(ErrorKind::FileTooLarge, "file too large"));
    }
    Ok(bytes)
}

/// The error for a failed [`read_regular_io`] of `what` ("manuscript", "image").
pub fn io_error(path: &Path, what: &str, max: u64, e: &std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::FileTooLarge => too_large(path, what, max),
        std::io::ErrorKind::InvalidInput => {
            Error::at_file(path, format!("{what} {e}")).code(Code::NotAFile)
        }
        _ => Error::at_file(path, format!("cannot read {what}: {}", io_reason(e)))
            .code(Code::Unreadable),
    }
}

fn too_large(path: &Path, what: &str, max: u64) -> Error {
    Error::at_file(
        path,
        format!(
            "{what} is larger than inkbind reads ({}); split it or make it smaller",
            human_bytes(max)
        ),
    )
    .code(Code::TooLarge)
}

/// Refuses anything but a regular file no larger than `max`.
pub fn check_regular(path: &Path, meta: &std::fs::Metadata, max: u64, what: &str) -> Result<()> {
    if !meta.is_file() {
        return Err(
            Error::at_file(path, format!("{what} is {}, not a file", kind_of(meta)))
                .code(Code::NotAFile),
        );
    }
    if meta.len() > max {
        return Err(too_large(path, what, max));
    }
    Ok(())
}

/// "a folder", "a FIFO (named pipe)", "a device"… for messages.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A short, human reason for an I/O error ("no such file", "permission denied").
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a folder, not a file".into(),
        _ => e.to_string(),
    }
}

/// `8 MiB`, `256 KiB`.
pub fn human_bytes(n: u64) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{} MiB", n / (1024 * 1024))
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// The image crate's decoding limits: sides and one allocation.
pub fn image_limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_IMAGE_SIDE);
    l.max_image_height = Some(MAX_IMAGE_SIDE);
    l.max_alloc = Some(MAX_IMAGE_DECODED_BYTES);
    l
}

/// The width and height an encoded image declares, read from its header only.
pub fn image_dimensions(bytes: &[u8]) -> std::result::Result<(u32, u32), String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("not a PNG or JPEG file".into());
    }
    reader.into_dimensions().map_err(|e| e.to_string())
}

/// Checks an image's declared size against the limits before anything is decoded.
pub fn check_image_size(w: u32, h: u32) -> std::result::Result<(), String> {
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE {
        return Err(format!(
            "{w}×{h} pixels is larger than inkbind decodes (at most {MAX_IMAGE_SIDE} pixels a side); scale it down"
        ));
    }
    let bytes = w as u64 * h as u64 * 4;
    if bytes > MAX_IMAGE_DECODED_BYTES {
        return Err(format!(
            "{w}×{h} pixels would take {} decoded, more than inkbind allows ({}); scale it down",
            human_bytes_approx(bytes),
            human_bytes(MAX_IMAGE_DECODED_BYTES)
        ));
    }
    Ok(())
}

/// `1.4 GiB`, `300 MiB` (rounded).
pub fn human_bytes_approx(n: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let m = n as f64 / MIB;
    if m >= 1024.0 {
        format!("{:.1} GiB", m / 1024.0)
    } else {
        format!("{m:.0} MiB")
    }
}

/// Why an image could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// Not a PNG or JPEG, or damaged.
    Invalid(String),
    /// Past the limits on sides or decoded memory.
    TooLarge(String),
}

impl ImageError {
    /// The stable error code for this failure.
    pub fn code(&self) -> Code {
        match self {
            ImageError::Invalid(_) => Code::ImageInvalid,
            ImageError::TooLarge(_) => Code::ImageTooLarge,
        }
    }
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageError::Invalid(s) | ImageError::TooLarge(s) => f.write_str(s),
        }
    }
}

/// Decodes a PNG or JPEG within the limits: the declared size is checked first, and the
/// decoder is given [`image_limits`], so a "decompression bomb" is refused, not allocated.
pub fn decode_image(bytes: &[u8]) -> std::result::Result<image::DynamicImage, ImageError> {
    let (w, h) = image_dimensions(bytes).map_err(ImageError::Invalid)?;
    check_image_size(w, h).map_err(ImageError::TooLarge)?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Invalid(e.to_string()))?;
    match reader.format() {
        Some(image::ImageFormat::Png) => {}
        // (a JPEG with no scan data, or cut short, decodes to made-up pixels: refused here,
        // for the cover and every figure alike, not when the PDF is written)
        Some(image::ImageFormat::Jpeg) => {
            crate::pdf::images::jpeg_complete(bytes).map_err(ImageError::Invalid)?
        }
        Some(other) => {
            return Err(ImageError::Invalid(format!(
                "unsupported image format {other:?} (only PNG and JPEG)"
            )))
        }
        None => return Err(ImageError::Invalid("not a PNG or JPEG file".into())),
    }
    reader.limits(image_limits());
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(l) => ImageError::TooLarge(l.to_string()),
        other => ImageError::Invalid(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_and_folder_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_regular(dir.path(), 10, "manuscript").unwrap_err();
        assert_eq!(e.code, Code::NotAFile);
        assert!(e.message.contains("folder"), "{e}");
        #[cfg(unix)]
        {
            let fifo = dir.path().join("pipe.md");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            let e = read_regular(&fifo, 10, "manuscript").unwrap_err();
            assert_eq!(e.code, Code::NotAFile);
            assert!(e.message.contains("FIFO"), "{e}");
            let e = read_regular(Path::new("/dev/zero"), 10, "manuscript").unwrap_err();
            assert_eq!(e.code, Code::NotAFile);
        }
    }

    #[test]
    fn size_cap_is_enforced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.md");
        std::fs::write(&p, vec![b'a'; 101]).unwrap();
        assert_eq!(read_regular(&p, 101, "x").unwrap().len(), 101);
        let e = read_regular(&p, 100, "manuscript").unwrap_err();
        assert_eq!(e.code, Code::TooLarge);
        assert!(e.message.contains("100 bytes"), "{e}");
    }

    #[test]
    fn image_bomb_is_refused_before_decoding() {
        // A 20000×20000 PNG header: refused from the header alone.
        let img = image::GrayImage::new(1, 1);
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        // Patch IHDR width/height (bytes 16..24) and its CRC.
        png[16..20].copy_from_slice(&20000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20000u32.to_be_bytes());
        let crc = crc32fast::hash(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let e = decode_image(&png).unwrap_err();
        assert_eq!(e.code(), Code::ImageTooLarge);
        assert!(e.to_string().contains("20000×20000"), "{e}");
        assert!(
            check_image_size(6000, 6000).is_err(),
            "144 MB decoded is over the cap"
        );
        assert!(check_image_size(4000, 3000).is_ok());
    }
}
