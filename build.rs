//! Embeds the long explanations of diagnostic codes (`docs/codes/CODE.md`) into the binary, for
//! `smm explain CODE`: the docs and the command read the same files.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes");
    println!("cargo:rerun-if-changed=docs/codes");
    let mut codes: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.ends_with(".md"))
                .map(|n| n.trim_end_matches(".md").to_string())
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let mut out = String::from("/// `(code, markdown)` for every file of `docs/codes/`, sorted by code.\npub static EXPLANATIONS: &[(&str, &str)] = &[\n");
    for code in &codes {
        let path = dir.join(format!("{code}.md"));
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({code:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("explanations.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
