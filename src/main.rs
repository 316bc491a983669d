//! The `inkbind` command line, built on the library.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
