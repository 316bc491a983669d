//! Standard output that ends quietly when the reader goes away.
//!
//! `inkbind inspect … | head` closes the pipe early; `println!` would panic ("failed printing
//! to stdout: Broken pipe", exit 101). Here a closed pipe is a normal end: nothing more is
//! printed and the command exits 0 (the reader asked for no more).

use super::{EXIT_FAILED, EXIT_OK};
use std::io::{ErrorKind, Write};

/// Writes `text` to stdout. `Err(code)` means stop now and exit with `code`: `0` when the pipe
/// was closed by the reader, `1` on any other write error (a full disk, say).
pub fn text(text: &str) -> Result<(), i32> {
    write(text.as_bytes())
}

/// Writes one line to stdout (see [`text`]).
pub fn line(line: &str) -> Result<(), i32> {
    let mut s = String::with_capacity(line.len() + 1);
    s.push_str(line);
    s.push('\n');
    write(s.as_bytes())
}

/// Writes `bytes` to stdout and returns the exit code.
pub fn bytes(bytes: &[u8]) -> i32 {
    match write(bytes) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}

fn write(bytes: &[u8]) -> Result<(), i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Err(EXIT_OK),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Err(EXIT_FAILED)
        }
    }
}
