//! The `ordinal` command line (being built: see crates/ordinal-cli).
fn main() {
    eprintln!("ordinal: the command line is being assembled");
    std::process::exit(2);
}
