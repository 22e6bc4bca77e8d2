// The default data is embedded with include_dir!, which cannot tell cargo to watch the directory:
// rebuild whenever anything under data/ changes.
fn main() {
    println!("cargo:rerun-if-changed=data");
}
