//! `smm lsp` as an editor sees it: the real binary, JSON-RPC over its stdin/stdout with
//! `Content-Length` framing. Every read is bounded by a timeout, so a broken server fails the
//! test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------- harness

/// A running `smm lsp` and the messages it sent that nobody asked for yet.
struct Lsp {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    stash: Vec<Value>,
}

impl Lsp {
    /// Starts the server in `root` and initializes it.
    fn start(root: &Path) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_smm"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start smm lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        let mut lsp = Lsp {
            child,
            stdin,
            rx,
            next_id: 0,
            stash: Vec::new(),
        };
        let init = lsp.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {},
                "initializationOptions": { "debounceMs": 40 }
            }),
        );
        let caps = &init["capabilities"];
        for cap in [
            "hoverProvider",
            "completionProvider",
            "definitionProvider",
            "referencesProvider",
            "renameProvider",
            "documentSymbolProvider",
            "documentFormattingProvider",
            "codeActionProvider",
        ] {
            assert!(!caps[cap].is_null(), "{cap} missing in {caps}");
        }
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
        lsp.notify("initialized", json!({}));
        lsp
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&mut self) -> Value {
        self.rx
            .recv_timeout(TIMEOUT)
            .expect("the server did not answer in time")
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.recv();
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
            self.stash.push(m);
        }
    }

    /// Sends a request and returns its result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.call(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let is = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.stash.iter().position(is) {
            return self.stash.remove(i)["params"].clone();
        }
        loop {
            let m = self.recv();
            if is(&m) {
                return m["params"].clone();
            }
            self.stash.push(m);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "smm", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    fn at(&mut self, method: &str, uri: &str, pos: Value) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": pos }),
        )
    }

    /// shutdown, exit, and the process ends with status 0.
    fn shutdown(mut self) {
        let r = self.call("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "smm lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "smm lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "smm-lsp-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir.canonicalize().expect("canonical"))
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        uri(&path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The LSP position (UTF-16 columns) of the `nth` occurrence of `needle` in `text`, plus
/// `delta` characters.
fn pos(text: &str, needle: &str, nth: usize, delta: usize) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the text"))
        .0;
    let before = &text[..at];
    let line = before.matches('\n').count();
    let col: usize = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    json!({ "line": line, "character": col + delta })
}

fn codes(diags: &Value) -> Vec<String> {
    diags["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn labels(items: &Value) -> Vec<String> {
    let items = items
        .as_array()
        .or_else(|| items["items"].as_array())
        .expect("completion items");
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

fn hover_text(h: &Value) -> String {
    h["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("a markdown hover, got {h}"))
        .to_string()
}

// ---------------------------------------------------------------------------------- fixture

const TEAM: &str = r#"role strategist { title "Social media manager"; name "Camille Durand" }

audience jeunes {
  description "Jeunes actifs urbains, sensibles au design"
  age 25..34
  locations [FR, BE]
}
"#;

const MAIN: &str = r#"import "shared/team.smm"

campaign "Test" {
  start 2027-03-01
  end 2027-05-31
  timezone "Europe/Paris"
  owner strategist
}

channel instagram {
  platform instagam
  owner strategist
}

objective notoriete { kind awareness; owner strategist }

message teaser {
  objective notoriete
  audience [jeunes]
  text "Bientôt ✨ une nouvelle gamme #MaisonLumiere"
  media image "a.jpg"
}

schedule plan {
  post teaser to instagram at 2027-03-02 10:00
}
"#;

/// A project of two files; returns the directory and the URIs of main.smm and team.smm.
fn project() -> (TempDir, String, String) {
    let dir = TempDir::new();
    let team = dir.write("shared/team.smm", TEAM);
    let main = dir.write("main.smm", MAIN);
    (dir, main, team)
}

// ---------------------------------------------------------------------------------- tests

#[test]
fn diagnostics_on_open_and_after_changes() {
    let (dir, main, _team) = project();
    let mut lsp = Lsp::start(&dir.0);
    lsp.open(&main, MAIN);
    let d = lsp.diagnostics(&main);
    assert_eq!(d["version"], 1);
    let e = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0306")
        .unwrap_or_else(|| panic!("E0306 in {d}"))
        .clone();
    assert_eq!(e["range"]["start"], pos(MAIN, "instagam", 0, 0));
    assert_eq!(e["range"]["end"], pos(MAIN, "instagam", 0, 8));
    assert_eq!(e["severity"], 1);
    assert_eq!(e["source"], "smm");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `instagram`?"),
        "{e}"
    );
    assert_eq!(e["data"]["suggestion"]["newText"], "instagram");
    // The warning carries its lint name.
    let w = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "W0802")
        .expect("W0802")
        .clone();
    assert_eq!(w["severity"], 2);
    assert_eq!(w["data"]["lint"], "objective-without-kpi");

    // Fix the typo with an incremental change: the error goes.
    let start = pos(MAIN, "instagam", 0, 0);
    let end = pos(MAIN, "instagam", 0, 8);
    lsp.change(
        &main,
        2,
        json!([{ "range": { "start": start, "end": end }, "text": "instagram" }]),
    );
    let d = lsp.diagnostics(&main);
    assert_eq!(d["version"], 2);
    assert_eq!(codes(&d), ["W0802"]);

    // A burst of changes is checked once, at its last version.
    let after = pos(MAIN, "instagram {", 0, 9);
    for v in 3..=5 {
        let at = json!({ "line": after["line"], "character": after["character"].as_u64().unwrap() + v as u64 - 3 });
        lsp.change(
            &main,
            v,
            json!([{ "range": { "start": at, "end": at }, "text": "x" }]),
        );
    }
    let d = lsp.diagnostics(&main);
    assert_eq!(
        d["version"], 5,
        "intermediate versions are not checked: {d}"
    );
    // `instagramxxx` is no platform name: the channel now needs `platform`… which it has; it is
    // unused instead, and the post names a channel that does not exist.
    assert!(codes(&d).contains(&"E0204".to_string()), "{d}");
    lsp.shutdown();
}

#[test]
fn diagnostics_of_an_imported_file() {
    let dir = TempDir::new();
    let team = dir.write(
        "shared/team.smm",
        "role strategist { title \"SMM\"; colour blue }\n",
    );
    let main = dir.write("main.smm", "import \"shared/team.smm\"\ncampaign \"T\" { start 2027-03-01; end 2027-03-31; owner strategist }\n");
    let mut lsp = Lsp::start(&dir.0);
    let text = std::fs::read_to_string(dir.0.join("main.smm")).unwrap();
    lsp.open(&main, &text);
    let d = lsp.diagnostics(&team);
    assert_eq!(codes(&d), ["E0301"], "{d}");
    // Opening the shared file checks it as part of main.smm's project (no "no campaign"), with
    // its unsaved text.
    let team_text = "role strategist { title \"SMM\"; colour blue; size 3 }\n";
    lsp.open(&team, team_text);
    let d = lsp.diagnostics(&team);
    assert_eq!(codes(&d), ["E0301", "E0301"], "{d}");
    lsp.shutdown();
}

#[test]
fn removing_an_import_clears_its_diagnostics() {
    let dir = TempDir::new();
    let team = dir.write(
        "shared/team.smm",
        "role strategist { title \"SMM\"; colour blue }\n",
    );
    let text = "import \"shared/team.smm\"\ncampaign \"T\" { start 2027-03-01; end 2027-03-31 }\n";
    let main = dir.write("main.smm", text);
    let mut lsp = Lsp::start(&dir.0);
    lsp.open(&main, text);
    assert_eq!(codes(&lsp.diagnostics(&team)), ["W0201", "E0301"]);
    lsp.change(
        &main,
        2,
        json!([{ "text": "campaign \"T\" { start 2027-03-01; end 2027-03-31 }\n" }]),
    );
    assert_eq!(codes(&lsp.diagnostics(&team)), Vec::<String>::new());
    lsp.shutdown();
}

#[test]
fn hover_on_keys_references_and_text() {
    let (dir, main, _team) = project();
    let mut lsp = Lsp::start(&dir.0);
    lsp.open(&main, MAIN);
    let h = lsp.at("textDocument/hover", &main, pos(MAIN, "platform", 0, 2));
    let t = hover_text(&h);
    assert!(t.contains("The platform whose rules apply."), "{t}");
    assert!(t.contains("default: the channel's name"), "{t}");
    assert!(t.contains("one of x, instagram"), "{t}");
    assert_eq!(h["range"]["start"], pos(MAIN, "platform", 0, 0));

    // A reference: the audience declared in the imported file.
    let t = hover_text(&lsp.at("textDocument/hover", &main, pos(MAIN, "[jeunes]", 0, 3)));
    assert!(t.contains("audience jeunes"), "{t}");
    assert!(t.contains("Jeunes actifs urbains"), "{t}");
    assert!(t.contains("`age` 25..34"), "{t}");
    assert!(t.contains("`locations` [FR, BE]"), "{t}");
    assert!(t.contains("team.smm"), "{t}");

    // A message's text: its length on the channel it is posted to.
    let t = hover_text(&lsp.at("textDocument/hover", &main, pos(MAIN, "Bientôt", 0, 2)));
    assert!(t.contains("`instagram`"), "{t}");
    assert!(t.contains("Instagram"), "{t}");
    let len = "Bientôt ✨ une nouvelle gamme #MaisonLumiere"
        .encode_utf16()
        .count();
    assert!(t.contains(&format!("{len} ")), "length {len} in {t}");
    assert!(t.contains("2200"), "{t}");

    // A declaration keyword.
    let t = hover_text(&lsp.at("textDocument/hover", &main, pos(MAIN, "schedule", 0, 1)));
    assert!(t.contains("Puts messages on channels"), "{t}");
    lsp.shutdown();
}

#[test]
fn definition_and_references_across_an_import() {
    let (dir, main, team) = project();
    let mut lsp = Lsp::start(&dir.0);
    lsp.open(&main, MAIN);
    let defs = lsp.at(
        "textDocument/definition",
        &main,
        pos(MAIN, "owner strategist", 0, 8),
    );
    let defs = defs.as_array().expect("locations");
    assert_eq!(defs.len(), 1, "{defs:?}");
    assert_eq!(defs[0]["uri"], team.as_str());
    assert_eq!(defs[0]["range"]["start"], pos(TEAM, "strategist", 0, 0));
    assert_eq!(defs[0]["range"]["end"], pos(TEAM, "strategist", 0, 10));

    // The post's message and channel.
    let defs = lsp.at(
        "textDocument/definition",
        &main,
        pos(MAIN, "post teaser", 0, 6),
    );
    assert_eq!(defs[0]["range"]["start"], pos(MAIN, "teaser {", 0, 0));
    let defs = lsp.at(
        "textDocument/definition",
        &main,
        pos(MAIN, "to instagram", 0, 4),
    );
    assert_eq!(defs[0]["range"]["start"], pos(MAIN, "instagram {", 0, 0));

    // Every use of the role, and its declaration.
    let refs = lsp.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": main }, "position": pos(MAIN, "owner strategist", 0, 8), "context": { "includeDeclaration": true } }),
    );
    let refs = refs.as_array().expect("locations");
    assert_eq!(refs.len(), 4, "{refs:?}");
    assert_eq!(refs.iter().filter(|r| r["uri"] == team.as_str()).count(), 1);
    let refs = lsp.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": main }, "position": pos(MAIN, "owner strategist", 0, 8), "context": { "includeDeclaration": false } }),
    );
    assert_eq!(refs.as_array().unwrap().len(), 3);
    lsp.shutdown();
}

#[test]
fn completion_of_keys_values_and_names() {
    let (dir, main, _team) = project();
    let mut lsp = Lsp::start(&dir.0);
    let text = MAIN.replace(
        "  owner strategist\n}\n\nobjective",
        "  owner strategist\n  \n}\n\nobjective",
    );
    lsp.open(&main, &text);
    // Keys of a channel block, without those already given.
    let items = lsp.at(
        "textDocument/completion",
        &main,
        pos(&text, "  \n}\n\nobjective", 0, 2),
    );
    let l = labels(&items);
    assert!(
        l.contains(&"handle".to_string()) && l.contains(&"max_per_day".to_string()),
        "{l:?}"
    );
    assert!(
        !l.contains(&"platform".to_string()) && !l.contains(&"owner".to_string()),
        "{l:?}"
    );
    assert!(!l.contains(&"text".to_string()), "{l:?}");

    // Platform values after `platform ` with nothing written after it.
    let text2 = text.replace("  platform instagam\n", "  platform \n");
    lsp.change(&main, 2, json!([{ "text": text2 }]));
    let items = lsp.at(
        "textDocument/completion",
        &main,
        pos(&text2, "platform \n", 0, 9),
    );
    let l = labels(&items);
    assert!(
        l.contains(&"instagram".to_string()) && l.contains(&"linkedin".to_string()),
        "{l:?}"
    );
    assert_eq!(l.len(), 12, "{l:?}");

    // A partly typed value: the edit replaces the word.
    let text3 = text2.replace("  platform \n", "  platform inst\n");
    lsp.change(&main, 3, json!([{ "text": text3 }]));
    let items = lsp.at(
        "textDocument/completion",
        &main,
        pos(&text3, "inst\n", 0, 4),
    );
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "instagram")
        .expect("instagram")
        .clone();
    assert_eq!(
        item["textEdit"]["range"]["start"],
        pos(&text3, "inst\n", 0, 0)
    );

    // Audience names, from the imported file, inside an unfinished list.
    let text4 = text3.replace("  audience [jeunes]\n", "  audience [\n");
    lsp.change(&main, 4, json!([{ "text": text4 }]));
    let items = lsp.at(
        "textDocument/completion",
        &main,
        pos(&text4, "audience [", 0, 10),
    );
    assert_eq!(labels(&items), ["jeunes"]);

    // Messages and channels in a post; declarations at top level.
    let items = lsp.at(
        "textDocument/completion",
        &main,
        pos(&text4, "post teaser", 0, 5),
    );
    assert_eq!(labels(&items), ["teaser"]);
    let items = lsp.at(
        "textDocument/completion",
        &main,
        pos(&text4, "to instagram", 0, 3),
    );
    assert!(labels(&items).contains(&"instagram".to_string()));
    let items = lsp.at(
        "textDocument/completion",
        &main,
        json!({ "line": 1, "character": 0 }),
    );
    let l = labels(&items);
    assert!(
        l.contains(&"audience".to_string()) && l.contains(&"kpi".to_string()),
        "{l:?}"
    );
    lsp.shutdown();
}

#[test]
fn a_file_with_syntax_errors_keeps_working() {
    let (dir, main, _team) = project();
    let mut lsp = Lsp::start(&dir.0);
    // Broken statements in the middle (each reported, each skipped), and an unclosed block at
    // the end, being typed.
    let text =
        MAIN.replace(
            "  owner strategist\n}",
            "  owner strategist\n  budget 12000EUR\n}",
        )
        .replace(
            "objective notoriete {",
            "oops: not a statement\nrole broken { title \"unclosed }\nobjective notoriete {",
        ) + "\nchannel tiktok {\n  platform ";
    lsp.open(&main, &text);
    let d = lsp.diagnostics(&main);
    for code in ["E0118", "E0105", "E0101", "E0107"] {
        assert!(codes(&d).contains(&code.to_string()), "{code} in {d}");
    }
    let t = hover_text(&lsp.at("textDocument/hover", &main, pos(&text, "[jeunes]", 0, 3)));
    assert!(t.contains("Jeunes actifs urbains"), "{t}");
    let defs = lsp.at(
        "textDocument/definition",
        &main,
        pos(&text, "post teaser", 0, 6),
    );
    assert_eq!(defs[0]["range"]["start"], pos(&text, "teaser {", 0, 0));
    let end = pos(&text, "  platform ", 1, 11);
    let items = lsp.at("textDocument/completion", &main, end);
    assert!(labels(&items).contains(&"tiktok".to_string()));
    lsp.shutdown();
}

#[test]
fn rename_a_declaration_everywhere() {
    let (dir, main, team) = project();
    let mut lsp = Lsp::start(&dir.0);
    lsp.open(&main, MAIN);
    let prep = lsp.at(
        "textDocument/prepareRename",
        &main,
        pos(MAIN, "[jeunes]", 0, 2),
    );
    assert_eq!(prep["placeholder"], "jeunes");
    let edit = lsp.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": pos(MAIN, "[jeunes]", 0, 2), "newName": "young_urban" }),
    );
    let changes = &edit["changes"];
    assert_eq!(changes[&main].as_array().unwrap().len(), 1, "{edit}");
    assert_eq!(changes[&team].as_array().unwrap().len(), 1, "{edit}");
    assert_eq!(
        changes[&team][0]["range"]["start"],
        pos(TEAM, "jeunes", 0, 0)
    );
    assert_eq!(changes[&team][0]["newText"], "young_urban");
    // Not a name: refused with a reason.
    let r = lsp.call(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": pos(MAIN, "[jeunes]", 0, 2), "newName": "2 words" }),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a name"),
        "{r}"
    );
    // A channel named after its platform keeps its platform.
    let text = MAIN.replace("  platform instagam\n", "");
    lsp.change(&main, 2, json!([{ "text": text }]));
    let edit = lsp.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": pos(&text, "to instagram", 0, 4), "newName": "ig_main" }),
    );
    let edits = edit["changes"][&main].as_array().unwrap();
    assert!(
        edits.iter().any(|e| e["newText"]
            .as_str()
            .unwrap()
            .contains("platform instagram")),
        "{edit}"
    );
    assert_eq!(
        edits.iter().filter(|e| e["newText"] == "ig_main").count(),
        2,
        "{edit}"
    );
    lsp.shutdown();
}

#[test]
fn outline_formatting_and_quick_fix() {
    let (dir, main, _team) = project();
    let mut lsp = Lsp::start(&dir.0);
    lsp.open(&main, MAIN);
    let d = lsp.diagnostics(&main);

    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": main } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "shared/team.smm",
            "Test",
            "instagram",
            "notoriete",
            "teaser",
            "plan"
        ]
    );
    let plan = &symbols[5];
    assert_eq!(plan["detail"], "schedule");
    assert!(
        plan["children"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with("post teaser to instagram"),
        "{plan}"
    );

    // The quick fix of the typo, from the diagnostic the editor sends back.
    let e = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0306")
        .unwrap()
        .clone();
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": e["range"], "context": { "diagnostics": [e] } }),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["title"], "Replace with `instagram`");
    let edit = &actions[0]["edit"]["changes"][&main][0];
    assert_eq!(edit["newText"], "instagram");
    assert_eq!(edit["range"], e["range"]);
    // Without the diagnostic in the request (a cursor on the word), the same fix.
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": { "start": pos(MAIN, "instagam", 0, 3), "end": pos(MAIN, "instagam", 0, 3) }, "context": { "diagnostics": [] } }),
    );
    assert_eq!(actions[0]["title"], "Replace with `instagram`");

    // Formatting, through smm fmt's function.
    let messy =
        "role   a {title \"A\"}\n\n\n\ncampaign \"T\" { start 2027-03-01 ;end 2027-03-31 }\n";
    lsp.change(&main, 2, json!([{ "text": messy }]));
    let edits = lsp.request("textDocument/formatting", json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }));
    let formatted = apply(messy, edits.as_array().unwrap());
    assert_eq!(formatted, smm::format::format_source(messy).unwrap());
    assert_ne!(formatted, messy);
    lsp.shutdown();
}

/// Applies LSP text edits (non-overlapping, any order) to a text whose lines are ASCII.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + col
    };
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in sorted {
        out.replace_range(
            offset(&e["range"]["start"])..offset(&e["range"]["end"]),
            e["newText"].as_str().unwrap(),
        );
    }
    out
}

// ---------------------------------------------------------------------------------- editors

/// The words of a `(a|b|c)\b` group ending at the first `)\b` after `from`.
fn alternation(pattern: &str, from: usize) -> std::collections::BTreeSet<String> {
    let end = from + pattern[from..].find(")\\b").expect("a group");
    let start = pattern[..end].rfind('(').expect("its start") + 1;
    pattern[start..end].split('|').map(String::from).collect()
}

#[test]
fn the_vscode_extension_follows_the_schema() {
    use smm::schema::{self, metrics};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    let read = |p: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}")),
        )
        .unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let g = read("syntaxes/smm.tmLanguage.json");
    let repo = &g["repository"];
    let pattern = |name: &str| {
        repo[name]["match"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}"))
            .to_string()
    };

    let decl = pattern("declaration");
    let expected: std::collections::BTreeSet<String> = schema::DECLARATIONS
        .iter()
        .map(|d| d.keyword.to_string())
        .collect();
    assert_eq!(alternation(&decl, 0), expected, "declarations");

    let nested = [&schema::LINE, &schema::VARIANT];
    let keys = pattern("key");
    let expected: std::collections::BTreeSet<String> = schema::DECLARATIONS
        .iter()
        .copied()
        .chain(nested)
        .flat_map(|d| d.keys.iter().map(|k| k.key.to_string()))
        .filter(|k| k != "line" && k != "variant")
        .collect();
    assert_eq!(alternation(&keys, 0), expected, "keys");

    let values = pattern("value");
    let expected: std::collections::BTreeSet<String> = [
        schema::OBJECTIVE_KINDS,
        schema::SEGMENTS,
        schema::PLATFORMS,
        schema::CATEGORIES,
        schema::PACINGS,
        schema::CADENCES,
        schema::MEDIA_KINDS,
    ]
    .concat()
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(alternation(&values, 0), expected, "enumerated values");
    let expected: std::collections::BTreeSet<String> = metrics::METRICS
        .iter()
        .map(|m| m.name.to_string())
        .collect();
    assert_eq!(alternation(&pattern("metric"), 0), expected, "metrics");
    let weekdays: std::collections::BTreeSet<String> =
        schema::WEEKDAYS.iter().map(|w| w.to_string()).collect();
    assert_eq!(alternation(&pattern("weekday"), 0), weekdays, "weekdays");

    let package = read("package.json");
    let language = &package["contributes"]["languages"][0];
    assert_eq!(language["id"], "smm");
    assert_eq!(language["extensions"], json!([".smm"]));
    let grammar = &package["contributes"]["grammars"][0];
    assert_eq!(grammar["scopeName"], g["scopeName"]);
    assert!(root.join(grammar["path"].as_str().unwrap()).exists());
    assert!(package["dependencies"]["vscode-languageclient"].is_string());
    let config = read(language["configuration"].as_str().unwrap());
    assert_eq!(config["comments"]["lineComment"], "//");
    let extension = std::fs::read_to_string(root.join(package["main"].as_str().unwrap()))
        .expect("extension.js");
    assert!(
        extension.contains("args: ['lsp']"),
        "the client starts `smm lsp`"
    );
}
