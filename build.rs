//! Embeds every rule file and word list so that a lone binary works.
use std::fmt::Write;
use std::path::Path;

fn collect(dir: &Path, ext: &str, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p.to_string_lossy().into_owned());
        }
    }
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&root);
    let mut code = String::new();
    for (name, dir, ext) in [
        ("RULE_FILES", "rules", "toml"),
        ("LIST_FILES", "dictionaries/lists", "txt"),
    ] {
        let mut files = Vec::new();
        collect(&root.join(dir), ext, &mut files);
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for f in files {
            let rel = Path::new(&f).strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            writeln!(code, "    ({rel:?}, include_str!({f:?})),").unwrap();
        }
        writeln!(code, "];").unwrap();
        println!("cargo:rerun-if-changed={dir}");
    }
    println!("cargo:rerun-if-changed=dictionaries");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
