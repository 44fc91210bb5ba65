"""Man page, shell completions and `make install`: they render, parse, complete, and install where shells look."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import API_BIN, ROOT, run_api


def test_man_page_renders():
    result = subprocess.run(["man", "-l", str(ROOT / "man" / "api.1")], capture_output=True,
                            env={**os.environ, "MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "100"})
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    for needle in ["NAME", "SYNOPSIS", "EXIT STATUS", "--follow", "--mock", "API_BASE_URL"]:
        assert needle in text.replace("‐", "-"), needle


def test_man_page_is_what_the_binary_generates():
    assert run_api("help", "--man").stdout == (ROOT / "man" / "api.1").read_bytes()


@pytest.mark.parametrize("shell,file", [("bash", "api.bash"), ("zsh", "_api"), ("fish", "api.fish")])
def test_completion_scripts_parse_and_match_binary(shell, file):
    path = ROOT / "completions" / file
    assert subprocess.run([shell, "-n", str(path)], capture_output=True).returncode == 0
    assert run_api("completions", shell).stdout == path.read_bytes()


def bash_complete(words):
    script = (
        f"source {ROOT / 'completions' / 'api.bash'}; COMP_WORDS=({' '.join(words)}); "
        f"COMP_CWORD={len(words) - 1}; _api; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    return subprocess.run(["bash", "-c", script], capture_output=True).stdout.decode().split()


def test_bash_completes_methods_options_and_values():
    assert bash_complete(["api", "po"]) == ["post"]
    assert "--follow" in bash_complete(["api", "get", "users", "--fo"])
    assert bash_complete(["api", "get", "x", "--pretty", "c"]) == ["colors"]
    assert bash_complete(["api", "completions", "z"]) == ["zsh"]


def test_fish_completes_methods():
    result = subprocess.run(
        ["fish", "-c", f"source {ROOT / 'completions' / 'api.fish'}; complete -C 'api po'"], capture_output=True)
    assert result.stdout.decode().split("\t")[0].strip() == "post"


def test_zsh_completion_defines_commands():
    script = f"autoload -U compinit; compinit -u; source {ROOT / 'completions' / '_api'} 2>/dev/null; whence -w _api"
    result = subprocess.run(["zsh", "-fc", script], capture_output=True)
    assert b"_api: function" in result.stdout


def test_make_install_puts_everything_in_place(tmp_path):
    # Install the already-built debug binary (the release build is for `make install` users and `make bench`).
    prefix = tmp_path / "prefix"
    result = subprocess.run(
        ["make", "-s", "install-files", f"PREFIX={prefix}", f"INSTALL_BIN={API_BIN}"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr
    for relative in ["bin/api", "bin/api-serve", "share/man/man1/api.1", "share/bash-completion/completions/api",
                     "share/zsh/site-functions/_api", "share/fish/vendor_completions.d/api.fish"]:
        assert (prefix / relative).exists(), relative
    version = subprocess.run([prefix / "bin" / "api", "--version"], capture_output=True)
    assert version.stdout.startswith(b"api ")


def readelf(path, *options):
    return subprocess.run(["readelf", "-W", *options, str(path)], capture_output=True, text=True, check=True).stdout


def test_installed_binary_is_pie_with_full_relro_and_stripped(tmp_path):
    # ASLR needs a position-independent executable; full RELRO (`-z now`, from the Makefile's LINK_FLAGS: build
    # with `make build` or `make release`) makes the GOT read-only once the loader has bound every symbol.
    prefix = tmp_path / "prefix"
    result = subprocess.run(
        ["make", "-s", "install-files", f"PREFIX={prefix}", f"INSTALL_BIN={API_BIN}"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr
    for name in ["api", "api-serve"]:
        binary = prefix / "bin" / name
        assert "DYN (Position-Independent Executable file)" in readelf(binary, "-h")
        dynamic = readelf(binary, "-d")
        assert re.search(r"\(FLAGS_1\)\s+Flags:.*\bPIE\b", dynamic), dynamic
        assert re.search(r"\(FLAGS\)\s+.*\bBIND_NOW\b", dynamic) or re.search(r"\(FLAGS_1\)\s+Flags:.*\bNOW\b", dynamic), \
            f"{binary} is not linked with -z now (build it with `make build`)"
        assert re.search(r"^\s*GNU_RELRO\s", readelf(binary, "-l"), re.MULTILINE)
        sections = readelf(binary, "-S")
        assert ".symtab" not in sections and ".debug_info" not in sections, "make install strips the binary"
    assert subprocess.run([prefix / "bin" / "api", "--version"], capture_output=True).stdout.startswith(b"api ")


def test_one_shot_binary_links_no_server_code():
    # `api get` loads only what a request needs: SwiftNIO and Hummingbird are in `api-serve`, which `api serve` runs.
    symbols = subprocess.run(["nm", "-C", API_BIN], capture_output=True, text=True).stdout
    assert "NIOCore" not in symbols and "Hummingbird" not in symbols
    serve = subprocess.run(["nm", "-C", str(Path(API_BIN).parent / "api-serve")], capture_output=True, text=True)
    assert "Hummingbird" in serve.stdout


def test_installed_api_serve_runs_from_the_installed_api(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["make", "-s", "install-files", f"PREFIX={prefix}", f"INSTALL_BIN={API_BIN}"], cwd=ROOT, check=True,
                   capture_output=True)
    result = subprocess.run([prefix / "bin" / "api", "serve", "--mock", "--port", "99999"], capture_output=True)
    assert result.returncode == 2
    assert b"bad --port '99999'" in result.stderr
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(prefix / "bin" / "api", alone / "api")
    missing = subprocess.run([alone / "api", "serve", "--mock"], capture_output=True, env={"PATH": "/nonexistent"})
    assert missing.returncode == 2
    assert b"api-serve" in missing.stderr


def test_static_link_takes_the_arguments_from_the_c_library(tmp_path):
    # The release `api` links the Swift runtime statically, and Sources/CProgramArguments keeps the runtime's
    # CommandLine.cpp out of the link (its constructor reads /proc/self/maps at every start). A static program linked
    # the same way must see its arguments exactly as given, and contain none of that object.
    object_file = tmp_path / "arguments.o"
    clang = os.environ.get("CLANG", "clang")
    source = ROOT / "Sources" / "CProgramArguments" / "arguments.c"
    subprocess.run([clang, "-c", "-O2", str(source), "-o", object_file], check=True)
    (tmp_path / "main.swift").write_text(
        'print(CommandLine.arguments.dropFirst().joined(separator: "\\u{1}"), terminator: "")\n')
    program = tmp_path / "program"
    built = subprocess.run(["swiftc", "-static-stdlib", str(tmp_path / "main.swift"), str(object_file), "-o", program],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    arguments = ["get", "", "a b", "é\u0301", "--x=1", "-", "€" * 300]
    result = subprocess.run([program, *arguments], capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "\x01".join(arguments)
    symbols = subprocess.run(["nm", program], capture_output=True, text=True, check=True).stdout
    assert "_swift_stdlib_getUnsafeArgvArgc" in symbols
    assert "argvGrabber" not in symbols and "_GLOBAL__sub_I_CommandLine.cpp" not in symbols
