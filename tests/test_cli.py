"""The `redline` command as a newcomer meets it: help, errors that say what to do,
exit codes, and the ingest → analyze → status → search loop on a tiny corpus."""

from __future__ import annotations

from click.testing import CliRunner

from redline.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_help_lists_every_command_with_a_typical_session():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "analyze", "status", "search", "findings", "export", "report", "serve", "demo"):
        assert command in result.output
    assert "redline ingest ./leak" in result.output


def test_read_commands_on_a_missing_ledger_say_how_to_create_it(tmp_path):
    missing = str(tmp_path / "nope.db")
    for command in ("status", "findings", "analyze"):
        result = run(command, "--db", missing)
        assert result.exit_code == 2
        assert "no ledger at" in result.output and "redline ingest" in result.output
    assert not (tmp_path / "nope.db").exists()


def test_ingesting_only_missing_paths_fails_and_names_them(tmp_path):
    result = run("ingest", str(tmp_path / "ghost.txt"), "--db", str(tmp_path / "l.db"), "-j", "1")
    assert result.exit_code == 1
    assert "ghost.txt" in result.output and "no such file" in result.output


def test_ingest_analyze_status_search_loop(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "statement.txt").write_text(
        "The Ministry of Defence said on Monday that no foreign troops were operating in the northern province.\n",
        encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"")
    db = str(tmp_path / "l.db")
    first = run("ingest", str(corpus), "--db", db, "-j", "1")
    assert first.exit_code == 1, "a failed file makes the exit code say so, after the rest is ingested"
    assert "1 new" in first.output and "1 failed" in first.output and "empty" in first.output
    again = run("ingest", str(corpus / "statement.txt"), "--db", db, "-j", "1")
    assert again.exit_code == 0
    assert "0 new" in again.output and "1 unchanged" in again.output
    analyzed = run("analyze", "--db", db, "-j", "1")
    assert analyzed.exit_code == 0, analyzed.output
    assert "analysed 1 documents" in analyzed.output
    rerun = run("analyze", "--db", db, "-j", "1")
    assert "analysed 0 documents (1 unchanged)" in rerun.output
    status = run("status", "--db", db)
    assert "documents" in status.output and "broken.txt" in status.output
    found = run("search", "foreign", "troops", "--db", db)
    assert "statement.txt" in found.output or "Ministry" in found.output
    assert "no matches" in run("search", "zeppelin", "--db", db).output




def test_folders_report_broken_links_and_do_not_follow_folder_links(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "note.txt").write_text("The council said 14 homes were damaged.\n")
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "sub" / "loop").symlink_to(corpus)
    result = run("ingest", str(corpus), "--db", str(tmp_path / "l.db"), "-j", "1")
    assert "1 new" in result.output
    assert "dangling.txt: broken symbolic link" in result.output
    assert "loop: symbolic link to a folder: not followed" in result.output
    assert result.exit_code == 1


def test_verdict_errors_say_what_to_do(tmp_path):
    db = tmp_path / "l.db"
    from redline.store import open_ledger

    open_ledger(str(db)).close()
    result = run("verdict", "zzzz", "confirmed", "--db", str(db))
    assert result.exit_code == 2 and "no finding has an id starting with 'zzzz'" in result.output


def test_findings_quote_the_statement_not_the_reporting_around_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "statement.txt").write_text(
        '"No foreign soldiers are operating in the Varn district," said the ministry spokesman, Ott Leed. '
        '"We have nothing more to add."\n', encoding="utf-8")
    (corpus / "statement.txt.meta.json").write_text(
        '{"kind": "official_statement", "outlet": "Ministry of Interior", "published": "2026-05-02"}')
    (corpus / "memo.txt").write_text(
        "Internal note: 35 foreign soldiers are operating in the Varn district as of 1 May 2026.\n",
        encoding="utf-8")
    (corpus / "memo.txt.meta.json").write_text(
        '{"kind": "leaked_document", "outlet": "Ministry of Interior (internal)", "published": "2026-05-01"}')
    db = str(tmp_path / "l.db")
    assert run("ingest", str(corpus), "--db", db, "-j", "1").exit_code == 0
    assert run("analyze", "--db", db, "-j", "1").exit_code == 0
    out = run("findings", "--db", db, "--relation", "contradicts").output
    assert "contradicts" in out
    why = next(line for line in out.splitlines() if line.strip().startswith("why"))
    assert "“No foreign soldiers are operating in the Varn district”" in why
    assert "said the ministry spokesman" not in why
    assert "official statement" in why and "leaked document" in why
