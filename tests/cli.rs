//! The command line: outputs, exit codes, error messages, no half-written files.

mod common;
use common::*;
use std::fs;
use std::path::Path;

const STORY: &str = "---\ntitle: Test Story\nauthor: Tester\nlanguage: en\n---\n\n# One\n\nA paragraph.\n\n* * *\n\nAnother.\n";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// Every file left in `dir` (to prove no temp or partial file stays behind).
fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn out_dir_gets_stem_named_epub() {
    let d = tempfile::tempdir().unwrap();
    let src = write(d.path(), "my-story.md", STORY);
    let out = d.path().join("out");
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Both formats by default.
    assert_eq!(files_in(&out), ["my-story.epub", "my-story.pdf"]);
    assert!(stdout(&o).contains("my-story.epub"));
}

#[test]
fn dash_o_writes_exactly_that_file() {
    let d = tempfile::tempdir().unwrap();
    let src = write(d.path(), "s.md", STORY);
    let dest = d.path().join("deep/er/x.epub");
    let o = run(&["build", src.to_str().unwrap(), "-o", dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dest.is_file());
    assert_eq!(files_in(&d.path().join("deep/er")), ["x.epub"]);
}

#[test]
fn folder_input_converts_every_manuscript() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    write(&src, "a.md", STORY);
    write(&src.join("sub"), "b.markdown", STORY);
    write(&src, "plain.txt", "A plain-text story.\n");
    write(
        &src,
        "plain.yaml",
        "title: Sidecar metadata, not a manuscript\n",
    );
    write(&src, "cover.json", "{}");
    let out = d.path().join("out");
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        files_in(&out),
        [
            "a.epub",
            "a.pdf",
            "b.epub",
            "b.pdf",
            "plain.epub",
            "plain.pdf"
        ]
    );
    // The sidecar's title was used for the plain-text story.
    let opf = entry(&zip_entries(&out.join("plain.epub")), "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title>Sidecar metadata, not a manuscript</dc:title>"),
        "{opf}"
    );
}

#[test]
fn missing_file_names_it_and_exits_1() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let o = run(&[
        "build",
        "no/such/story.md",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("no/such/story.md") && e.contains("no such file"),
        "{e}"
    );
    assert!(!out.exists() || files_in(&out).is_empty());
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let d = tempfile::tempdir().unwrap();
    let good = write(d.path(), "good.md", STORY);
    let bad = write(d.path(), "bad.md", "---\ntitle: [oops\n---\nText\n");
    let out = d.path().join("out");
    let o = run(&[
        "build",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(files_in(&out), ["good.epub", "good.pdf"]);
}

#[test]
fn invalid_yaml_reports_line_and_column() {
    let d = tempfile::tempdir().unwrap();
    let src = write(
        d.path(),
        "bad.md",
        "---\ntitle: Fine\nauthor: [unclosed\ntags: x\n---\n\nText.\n",
    );
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("bad.md:"), "{e}");
    assert!(e.contains("invalid YAML front matter"), "{e}");
    // file:line:column
    let loc = e.split("bad.md:").nth(1).unwrap();
    let mut parts = loc.split(':');
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let col: usize = parts.next().unwrap().parse().expect("a column number");
    assert!((3..=5).contains(&line), "{e}");
    assert!(col >= 1, "{e}");
    assert_eq!(files_in(d.path()), ["bad.md"], "no output, no temp file");
}

#[test]
fn unknown_front_matter_key_warns_but_builds() {
    let d = tempfile::tempdir().unwrap();
    let src = write(
        d.path(),
        "s.md",
        "---\ntitle: T\nflavour: mint\n---\n\nText.\n",
    );
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        d.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("warning: ") && e.contains("s.md:3") && e.contains("flavour"),
        "{e}"
    );
}

#[test]
fn empty_manuscript_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("empty.md", ""),
        ("blank.md", "\n\n   \n"),
        ("only-front.md", "---\ntitle: Nothing\n---\n"),
        ("only-break.md", "* * *\n"),
    ] {
        let src = write(d.path(), name, text);
        let o = run(&[
            "build",
            src.to_str().unwrap(),
            "--out-dir",
            d.path().to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains("empty"), "{name}: {}", stderr(&o));
    }
    assert!(!files_in(d.path()).iter().any(|f| f.ends_with(".epub")));
}

#[test]
fn non_utf8_names_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("latin1.md");
    fs::write(&p, b"# One\n\nFine line.\n\nCaf\xe9 au lait.\n").unwrap();
    let o = run(&[
        "build",
        p.to_str().unwrap(),
        "--out-dir",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("latin1.md:5") && e.contains("UTF-8"), "{e}");
}

#[test]
fn unreadable_cover_fails_without_touching_existing_output() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("cover.png"), b"this is not a PNG").unwrap();
    let src = write(
        d.path(),
        "s.md",
        "---\ntitle: T\ncover: cover.png\n---\n\nText.\n",
    );
    let out = d.path().join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("s.epub"), b"previous good build").unwrap();
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("cover.png"), "{e}");
    assert_eq!(
        fs::read(out.join("s.epub")).unwrap(),
        b"previous good build"
    );
    assert_eq!(files_in(&out), ["s.epub"], "no temp file left behind");
}

#[test]
fn missing_cover_is_an_error_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let src = write(
        d.path(),
        "s.md",
        "---\ntitle: T\ncover: gone.jpg\n---\n\nText.\n",
    );
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("gone.jpg"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["build"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["build", "a.md", "--format", "docx"]);
    assert_eq!(o.status.code(), Some(2));
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.md", STORY);
    let b = write(d.path(), "b.md", STORY);
    let o = run(&[
        "build",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        d.path().join("x.epub").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&["build", a.to_str().unwrap(), "-o", "x.docx"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn colliding_output_names_are_refused_before_writing() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("a")).unwrap();
    fs::create_dir_all(d.path().join("b")).unwrap();
    let a = write(&d.path().join("a"), "story.md", STORY);
    let b = write(&d.path().join("b"), "story.md", STORY);
    let out = d.path().join("out");
    let o = run(&[
        "build",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("both be written"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let h = stdout(&o);
    for want in [
        "build",
        "inspect",
        "Exit codes",
        "0  every input",
        "2  usage",
    ] {
        assert!(h.contains(want), "--help lacks {want}:\n{h}");
    }
    let o = run(&["build", "--help"]);
    let h = stdout(&o);
    for want in [
        "--out-dir",
        "--output",
        "--format",
        "epub",
        "--title",
        "--author",
        "--language",
    ] {
        assert!(h.contains(want), "build --help lacks {want}:\n{h}");
    }
}

#[test]
fn inspect_json_reports_structure_with_lines() {
    let d = tempfile::tempdir().unwrap();
    let src = write(
        d.path(),
        "s.md",
        "---\ntitle: T\n---\n\n# One\n\nText.\n\n> Dear Ann,\n>\n> Come home.\n>\n> Love,\n> Bea\n\n***\n\n*Later that night*\n\nMore.\n",
    );
    let o = run(&["inspect", "--json", src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let s = &v[0];
    assert_eq!(s["letters"], 1);
    assert_eq!(s["scene_breaks"], 1);
    let items = s["items"].as_array().unwrap();
    let letter = items.iter().find(|i| i["kind"] == "letter").unwrap();
    assert_eq!(letter["line"], 9);
    assert_eq!(letter["end_line"], 14);
    assert_eq!(
        letter["parts"],
        serde_json::json!(["salutation", "body", "valediction", "signature"])
    );
    let brk = items.iter().find(|i| i["kind"] == "scene_break").unwrap();
    assert_eq!(brk["line"], 16);
    assert_eq!(brk["text"], "Later that night");

    let o = run(&["inspect", "--explain", src.to_str().unwrap()]);
    let t = stdout(&o);
    assert!(t.contains("because: salutation `Dear Ann,`"), "{t}");
}

#[test]
fn same_input_gives_identical_bytes_and_honours_source_date_epoch() {
    let d = tempfile::tempdir().unwrap();
    let src = write(d.path(), "s.md", STORY);
    let a = d.path().join("a.epub");
    let b = d.path().join("b.epub");
    for dest in [&a, &b] {
        let o = inkbind()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["build", src.to_str().unwrap(), "-o", dest.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    let opf = entry(&zip_entries(&a), "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"),
        "{opf}"
    );
    // Without SOURCE_DATE_EPOCH, still identical (front matter date or file time).
    let c = d.path().join("c.epub");
    let e = d.path().join("e.epub");
    for dest in [&c, &e] {
        let o = run(&["build", src.to_str().unwrap(), "-o", dest.to_str().unwrap()]);
        assert!(o.status.success());
    }
    assert_eq!(fs::read(&c).unwrap(), fs::read(&e).unwrap());
    // The identifier is derived from the content: another text, another identifier.
    let src2 = write(d.path(), "s2.md", &STORY.replace("Another.", "Different."));
    let f = d.path().join("f.epub");
    run(&["build", src2.to_str().unwrap(), "-o", f.to_str().unwrap()]);
    let id = |p: &Path| {
        let opf = entry(&zip_entries(p), "OEBPS/content.opf");
        let s = opf.split("<dc:identifier").nth(1).unwrap();
        s[..s.find("</dc:identifier>").unwrap()].to_string()
    };
    assert_ne!(id(&a), id(&f));
    assert_eq!(id(&a), id(&c));
}

#[test]
fn plain_text_detectors_can_be_switched_off_and_overridden() {
    let d = tempfile::tempdir().unwrap();
    let src = write(
        d.path(),
        "s.txt",
        "It began.\n\n\"Dear Ann,\n\n\"Come home.\n\n\"Love,\n\n\"Bea\"\n\nShe read it.\n\n~~~\n\nThree days later\n\nShe came.\n",
    );
    let count = |extra: &[&str]| {
        let mut args = vec!["inspect", "--json"];
        args.extend_from_slice(extra);
        args.push(src.to_str().unwrap());
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            v[0]["letters"].as_u64().unwrap(),
            v[0]["scene_breaks"].as_u64().unwrap(),
        )
    };
    assert_eq!(count(&[]), (1, 1));
    assert_eq!(count(&["--no-detect", "letters"]), (0, 1));
    assert_eq!(count(&["--no-detect", "letters,breaks"]), (0, 0));
    // The letter starts on line 3: marking it as text keeps it paragraphs.
    assert_eq!(count(&["--mark", "text@3"]), (0, 1));
    // Lines 13-15: the break and its label become text.
    assert_eq!(count(&["--mark", "text@13-15"]), (1, 0));
    let o = run(&["inspect", "--mark", "poem@3", src.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn windows_1252_text_is_converted_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("old.txt");
    fs::write(
        &p,
        b"\x93Caf\xe9,\x94 she said \x97 and left.\n\nThe end.\n",
    )
    .unwrap();
    let o = run(&["inspect", "--json", p.to_str().unwrap()]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["encoding"], "windows-1252");
    let e = stderr(&run(&[
        "build",
        p.to_str().unwrap(),
        "--out-dir",
        d.path().to_str().unwrap(),
    ]));
    assert!(e.contains("old.txt") && e.contains("Windows-1252"), "{e}");
    let x = entry(
        &zip_entries(&d.path().join("old.epub")),
        "OEBPS/chapter-001.xhtml",
    );
    assert!(x.contains("“Café,” she said — and left."), "{x}");
}

#[test]
fn detect_runs_the_plain_text_detectors_on_markdown() {
    let d = tempfile::tempdir().unwrap();
    let src = write(
        d.path(),
        "pasted.md",
        "# Chapter 1\n\nA/N: thanks to my beta for reading this!\n\nIt began on a Tuesday.\n\noOo\n\nThree days later\n\nShe found it.\n\n\"Dear Sam,\n\n\"I am leaving.\n\n\"Love,\n\n\"Jo\"\n\nShe read it twice.\n",
    );
    let json = |extra: &[&str]| {
        let mut args = vec!["inspect", "--json"];
        args.extend_from_slice(extra);
        args.push(src.to_str().unwrap());
        let v: serde_json::Value = serde_json::from_slice(&run(&args).stdout).unwrap();
        v[0].clone()
    };
    let plain = json(&[]);
    assert_eq!(
        (plain["letters"].as_u64(), plain["scene_breaks"].as_u64()),
        (Some(0), Some(0))
    );
    let det = json(&["--detect"]);
    assert_eq!(det["letters"], 1);
    assert_eq!(det["scene_breaks"], 1);
    assert_eq!(det["notes"], 1);
    let letter = det["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "letter")
        .unwrap()
        .clone();
    assert_eq!(letter["text"], "Dear Sam,");
    assert_eq!(letter["last"], "Jo");
}

#[test]
fn depfile_lists_manuscript_sidecar_and_cover() {
    let d = tempfile::tempdir().unwrap();
    let img = image::RgbImage::from_pixel(30, 40, image::Rgb([200, 100, 50]));
    img.save(d.path().join("c.png")).unwrap();
    write(d.path(), "s.txt", "It began.\n\nIt ended.\n");
    write(d.path(), "s.yaml", "title: Side\ncover: c.png\n");
    let out = d.path().join("out");
    let o = run(&[
        "build",
        d.path().join("s.txt").to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--depfile",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dep = fs::read_to_string(out.join("s.d")).unwrap();
    let (targets, prereqs) = dep.split_once(": ").unwrap();
    assert!(
        targets.contains("s.epub") && targets.contains("s.pdf"),
        "{dep}"
    );
    for want in ["s.txt", "s.yaml", "c.png"] {
        assert!(prereqs.contains(want), "{want} missing: {dep}");
    }
}

#[test]
fn folder_skips_readme_license_hidden_and_excluded_files() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("shelf");
    fs::create_dir_all(src.join("drafts")).unwrap();
    fs::create_dir_all(src.join(".git")).unwrap();
    write(&src, "story.md", STORY);
    write(&src, "README.md", "# About this shelf\n\nNot a story.\n");
    write(&src, "LICENSE.txt", "Licensed.\n");
    write(&src, "changelog.md", "# 1.0\n");
    write(&src, ".hidden.md", STORY);
    write(&src.join(".git"), "notes.md", STORY);
    write(&src.join("drafts"), "draft.md", STORY);
    write(&src, "old-notes.md", STORY);
    let out = d.path().join("out");
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--format",
        "epub",
        "--exclude",
        "drafts/*",
        "--exclude",
        "*-notes.md",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&out), ["story.epub"]);
    // A file named on the command line is converted even if a folder search would skip it.
    let readme = src.join("README.md");
    let o = run(&[
        "build",
        readme.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--format",
        "epub",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&out), ["README.epub", "story.epub"]);
    // A malformed glob is a usage error naming it.
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--exclude",
        "a[",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a["), "{}", stderr(&o));
}

#[test]
fn quiet_prints_only_errors_and_a_batch_ends_with_a_tally() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("shelf");
    fs::create_dir_all(&src).unwrap();
    for i in 0..5 {
        write(&src, &format!("s{i}.md"), STORY);
    }
    // A warning (unknown key) that -q must hide.
    write(&src, "w.md", "---\ntitle: W\ncolour: blue\n---\n\nText.\n");
    let out = d.path().join("out");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "build",
            src.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--format",
            "epub",
        ];
        a.extend_from_slice(extra);
        run(&a.iter().map(|s| &**s).collect::<Vec<_>>())
    };
    let o = args(&["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
    assert_eq!(files_in(&out).len(), 6);

    // Not quiet, not a terminal: one `wrote` line per output, the warning, then the tally.
    let o = args(&[]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("wrote "))
            .count(),
        6
    );
    let e = stderr(&o);
    assert!(e.contains("colour"), "{e}");
    let tally = e.lines().last().unwrap_or_default();
    let (count, rest) = tally
        .split_once(" built in ")
        .unwrap_or_else(|| panic!("tally: {e}"));
    assert_eq!(count, "6");
    assert!(
        rest.ends_with(" s") && rest.trim_end_matches(" s").parse::<f64>().is_ok(),
        "{tally}"
    );

    // A failure: the others are still built, the tally counts it, exit 1; -q keeps the error.
    write(&src, "bad.md", "---\ntitle: [oops\n---\nText\n");
    fs::remove_dir_all(&out).unwrap();
    let o = args(&["-q", "--jobs", "2"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(files_in(&out).len(), 6);
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with("error[E110]: ") && e.contains("bad.md"),
        "{e}"
    );
    let o = args(&[]);
    assert!(
        stderr(&o)
            .lines()
            .last()
            .unwrap()
            .starts_with("6 built, 1 failed in "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_closed_pipe_ends_inspect_quietly_with_success() {
    use std::process::Stdio;
    let d = tempfile::tempdir().unwrap();
    // Enough chapters that the summary is far larger than a pipe's buffer.
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!("# Chapter {i}\n\nSome text for chapter {i}.\n\n"));
    }
    let src = write(d.path(), "long.md", &text);
    let mut child = inkbind()
        .args(["inspect", src.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head` exiting at once
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn documents_that_are_not_manuscripts_get_advice() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    // A Word file: a ZIP whose first entry is in word/.
    let docx = d.path().join("story.docx");
    {
        let mut z = zip::ZipWriter::new(fs::File::create(&docx).unwrap());
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut z, b"<w:document/>").unwrap();
        z.finish().unwrap();
    }
    let pdf = write(d.path(), "story.pdf", "%PDF-1.7\n%binary\n");
    let odt = d.path().join("renamed.md");
    {
        let mut z = zip::ZipWriter::new(fs::File::create(&odt).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        std::io::Write::write_all(&mut z, b"application/vnd.oasis.opendocument.text").unwrap();
        z.finish().unwrap();
    }
    for (file, want) in [
        (&docx, "Word document"),
        (&pdf, "PDF"),
        (&odt, "OpenDocument"),
    ] {
        let o = run(&[
            "build",
            file.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1));
        let e = stderr(&o);
        assert!(
            e.contains(file.to_str().unwrap()) && e.contains(want),
            "{e}"
        );
        assert!(!e.contains("UTF-8 (byte"), "{e}");
    }
    assert!(!out.exists() || files_in(&out).is_empty());
}

#[test]
fn an_output_folder_that_is_a_file_is_a_usage_error() {
    let d = tempfile::tempdir().unwrap();
    let src = write(d.path(), "s.md", STORY);
    let file = write(d.path(), "taken", "I am a file");
    let inside = file.join("x.epub");
    for args in [
        vec!["--out-dir", file.to_str().unwrap()],
        vec!["-o", inside.to_str().unwrap()],
    ] {
        let mut a = vec!["build", src.to_str().unwrap()];
        a.extend(args);
        let o = run(&a);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("is a file, not a folder"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "I am a file");
    // -o naming a folder.
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "-o",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
}

#[test]
fn completions_and_man_page_come_from_the_command_definitions() {
    let o = run(&["completions", "bash"]);
    assert!(o.status.success());
    let script = stdout(&o);
    for want in ["--out-dir", "--exclude", "inspect", "completions"] {
        assert!(script.contains(want), "bash completion lacks {want}");
    }
    // The script is valid bash (when bash is here to say so).
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "inkbind.bash", &script);
    match std::process::Command::new("bash")
        .arg("-n")
        .arg(&f)
        .output()
    {
        Ok(b) => assert!(b.status.success(), "{}", stderr(&b)),
        Err(_) => eprintln!("SKIPPED bash -n: bash not found"),
    }
    let o = run(&["completions", "zsh"]);
    assert!(o.status.success() && stdout(&o).starts_with("#compdef inkbind"));
    let o = run(&["man"]);
    assert!(o.status.success());
    let man = stdout(&o);
    assert!(man.lines().any(|l| l.starts_with(".TH inkbind 1")), "{man}");
    assert!(man.contains("build") && man.contains("inspect"), "{man}");
    let o = run(&["completions", "no-such-shell"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn shelf_config_gives_defaults_that_front_matter_and_flags_override() {
    let d = tempfile::tempdir().unwrap();
    let shelf = d.path().join("shelf");
    fs::create_dir_all(shelf.join("part")).unwrap();
    write(
        &shelf,
        "inkbind.toml",
        "author = \"Shelf Author\"\nlanguage = \"fr\"\nrights = \"Shelf rights\"\nformats = [\"epub\"]\n",
    );
    // No author in the front matter: the shelf's; a front matter author wins.
    write(
        &shelf.join("part"),
        "plain.md",
        "---\ntitle: Plain\n---\n\n\"Oui\", dit-elle.\n",
    );
    write(
        &shelf,
        "own.md",
        "---\ntitle: Own\nauthor: Front Author\nlanguage: en\n---\n\nText.\n",
    );
    let out = d.path().join("out");
    let o = run(&[
        "build",
        shelf.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // formats = ["epub"]: no PDFs.
    assert_eq!(files_in(&out), ["own.epub", "plain.epub"]);
    let opf = |name: &str| entry(&zip_entries(&out.join(name)), "OEBPS/content.opf");
    let plain = opf("plain.epub");
    assert!(plain.contains(">Shelf Author</dc:creator>"), "{plain}");
    assert!(plain.contains("<dc:language>fr</dc:language>"), "{plain}");
    assert!(plain.contains("Shelf rights"), "{plain}");
    let own = opf("own.epub");
    assert!(own.contains(">Front Author</dc:creator>"), "{own}");
    assert!(own.contains("<dc:language>en</dc:language>"), "{own}");
    // The shelf's language drove the typography: French quotes.
    let body: String = zip_entries(&out.join("plain.epub"))
        .iter()
        .filter(|(n, _, _)| n.ends_with(".xhtml"))
        .map(|(_, _, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(body.contains("«\u{a0}Oui\u{a0}»"), "{body}");

    // Flags win over both.
    let o = run(&[
        "build",
        shelf.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--author",
        "Flag Author",
        "--format",
        "all",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("own.pdf").is_file());
    assert!(opf("own.epub").contains(">Flag Author</dc:creator>"));

    // --no-config ignores it; --config picks another file.
    let o = run(&[
        "build",
        shelf.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--no-config",
        "--format",
        "epub",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!opf("plain.epub").contains("Shelf Author"));
    let other = write(
        d.path(),
        "other.toml",
        "author = \"Other\"\nformats = [\"epub\"]\n",
    );
    let o = run(&[
        "build",
        shelf.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--config",
        other.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(opf("plain.epub").contains(">Other</dc:creator>"));
}

#[test]
fn shelf_config_errors_name_key_and_file() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(
        d.path(),
        "inkbind.toml",
        "author = \"A\"\npage_size = \"a4\"\n",
    );
    let src = write(d.path(), "s.md", STORY);
    let out = d.path().join("out");
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("page_size") && e.contains(&format!("{}:2:", cfg.display())),
        "{e}"
    );
    assert!(!out.exists());
    // A bad page in the configuration names the configuration.
    write(d.path(), "inkbind.toml", "page = \"huge\"\n");
    let o = run(&[
        "build",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inkbind.toml"), "{}", stderr(&o));
}
