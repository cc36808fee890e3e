fn main() {
    eprintln!("usage: cargo xtask trim --upstream FILE");
    std::process::exit(2);
}
