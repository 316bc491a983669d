fn main() {
    std::process::exit(inkbind::cli::main());
}
