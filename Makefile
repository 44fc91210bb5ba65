# `make demo` and `make test` are all the set-up a new user needs (Debian with the Swift toolchain).
PREFIX ?= /usr/local
SWIFT ?= swift
PYTHON ?= python3
API_BIN ?= .build/debug/api
RELEASE_BIN = .build/release/api
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Link flags of every build (and of bench/run.sh, which asks `make print-release-link-flags`). swiftc links a
# position-independent executable on Linux by default (ASLR); `-z now` binds every symbol at start so that the
# whole GOT is read-only after relocation (full RELRO). The release build also drops the `-export-dynamic` that
# --static-swift-stdlib adds: exporting tens of thousands of runtime symbols only slows every symbol lookup.
#
# The release build also links libstdc++ and the unwinder (which the static Swift runtime needs) statically, as the
# Swift stdlib already is: swiftc's static-stdlib-args.lnk asks for `-lstdc++`, and the folder STATIC_CXX (searched
# first: given to swiftc, `-L` comes before the toolchain's own folders, where `-Xlinker -L` would come after them)
# answers it with linker scripts naming the archives. Loading libstdc++.so and
# libgcc_s.so cost a one-shot GET 2.7 M of its 20 M instructions and 1.8 MB of its peak RSS (bench/FINDINGS.md).
# `--disable-local-rpath`: no `RUNPATH $ORIGIN`, which made the loader look for libcurl, libm and libc in five folders
# next to the binary (a dozen failed openat and stat calls per start) where there are none.
LINK_FLAGS = -Xlinker -z -Xlinker now
STATIC_CXX = $(CURDIR)/.build-static-cxx
RELEASE_LINK_FLAGS = $(LINK_FLAGS) -Xlinker --no-export-dynamic -Xswiftc -L$(STATIC_CXX) --disable-local-rpath
CLANG ?= clang


.PHONY: install-files
.PHONY: print-release-link-flags static-cxx
.PHONY: all build release test unit-test e2e-test deps test-deps demo bench install uninstall docs check-docs format clean
.PHONY: fuzz fuzz-build

all: build

# libcurl's headers (and pkg-config) are needed to build; install them with apt-get when missing.
deps:
	@if ! pkg-config --exists libcurl 2>/dev/null; then \
		echo "make: installing libcurl4-openssl-dev and pkg-config (apt-get)"; \
		if [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null; then \
			$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcurl4-openssl-dev pkg-config >/dev/null; \
		else \
			echo "make: run as root: apt-get install -y libcurl4-openssl-dev pkg-config" >&2; exit 1; \
		fi; \
	fi

# What the tests use besides the toolchain: curl, jq, script (bsdutils), man, zsh and fish for the completion
# checks, readelf (binutils) for the installed binary's hardening, and httpbin under gunicorn, pytest, Schemathesis
# (which checks the mock server's OpenAPI document) and HTTPie 3.2.4 (the oracle of the request-item tests) from PyPI.
# PostgreSQL (Debian's `postgresql`: the server's initdb and pg_ctl, psql, pg_isready, pgbench) for the tests of
# `--store postgres://`, which start a throwaway cluster themselves (tests/e2e/postgres_cluster.py); initdb is not on
# PATH on Debian, so it is looked for where the package puts it.
test-deps: deps
	@missing=""; \
	for pair in curl:curl jq:jq script:bsdutils man:man-db zsh:zsh fish:fish tmux:tmux readelf:binutils \
		psql:postgresql pgbench:postgresql; do \
		command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
		case "$$missing" in *postgresql*) ;; *) missing="$$missing postgresql";; esac; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "make: installing$$missing (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(PYTHON) -c "import httpbin, gunicorn, pytest, schemathesis" 2>/dev/null || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check httpbin gunicorn pytest schemathesis
	@$(PYTHON) -c "import httpie, sys; sys.exit(httpie.__version__ != '3.2.4')" 2>/dev/null || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check httpie==3.2.4

build: deps
	$(SWIFT) build $(LINK_FLAGS)

release: deps static-cxx
	$(SWIFT) build -c release --static-swift-stdlib $(RELEASE_LINK_FLAGS)

print-release-link-flags: static-cxx
	@echo $(RELEASE_LINK_FLAGS)

# The linker scripts of RELEASE_LINK_FLAGS: `-lstdc++` and `-lgcc_s` found here link libstdc++.a and libgcc_eh.a.
static-cxx:
	@mkdir -p $(STATIC_CXX)
	@a=$$($(CLANG) -print-file-name=libstdc++.a); eh=$$($(CLANG) -print-file-name=libgcc_eh.a); \
	if [ ! -f "$$a" ] || [ ! -f "$$eh" ]; then echo "make: libstdc++.a not found (apt-get install libstdc++-12-dev)" >&2; exit 1; fi; \
	echo "INPUT($$a)" > $(STATIC_CXX)/libstdc++.so; \
	echo "INPUT($$eh $$($(CLANG) -print-libgcc-file-name))" > $(STATIC_CXX)/libgcc_s.so

# Every test: the Swift unit and in-process tests, then the end-to-end tests of the built binary against real
# servers (httpbin under gunicorn, `api serve --mock`), started by the test harness itself.
test: test-deps build
	$(SWIFT) test $(LINK_FLAGS)
	API_BIN=$(API_BIN) $(PYTHON) -m pytest -q tests/e2e

unit-test: deps
	$(SWIFT) test $(LINK_FLAGS)

e2e-test: test-deps build
	API_BIN=$(API_BIN) $(PYTHON) -m pytest -q tests/e2e

demo: build
	@bash examples/demo.sh $(API_BIN)

# Benchmarks against curl, HTTPie, jq, Node.js and nginx; writes bench/RESULTS.md. QUICK=1: a short run.
bench: test-deps
	@QUICK="$(QUICK)" bash bench/run.sh

# Regenerate the man page and completions from the option table (a test fails when they are out of date).
docs: build
	$(API_BIN) completions bash > completions/api.bash
	$(API_BIN) completions zsh > completions/_api
	$(API_BIN) completions fish > completions/api.fish
	$(API_BIN) help --man > man/api.1

# `api` and, next to it, `api-serve` (the mock server, which `api serve` starts).
install: release
	$(MAKE) install-files INSTALL_BIN=$(RELEASE_BIN)

INSTALL_BIN ?= $(RELEASE_BIN)
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 -s $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/api
	install -m 755 -s $(dir $(INSTALL_BIN))api-serve $(DESTDIR)$(PREFIX)/bin/api-serve
	install -m 644 man/api.1 $(DESTDIR)$(PREFIX)/share/man/man1/api.1
	install -m 644 completions/api.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/api
	install -m 644 completions/_api $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_api
	install -m 644 completions/api.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/api.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/api $(DESTDIR)$(PREFIX)/bin/api-serve $(DESTDIR)$(PREFIX)/share/man/man1/api.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/api \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_api \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/api.fish

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer), not part of `make test`; see fuzz/README.md. Runs each
# target for FUZZ_SECONDS (FUZZ_TARGETS: a subset); new inputs go to fuzz/generated/, crashes to fuzz/artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= FuzzJSON FuzzRequestItems FuzzQuery FuzzCollectionQuery FuzzServer
FUZZ_FLAGS ?=
FUZZ_SCRATCH = $(CURDIR)/.build-fuzz
fuzz-build: deps
	@# SwiftPM passes -sanitize=fuzzer and -sanitize=address as two flags, and the last one wins in swiftc (no
	@# coverage): the -Xswiftc flag, given last, asks for both.
	$(SWIFT) build --package-path fuzz --scratch-path $(FUZZ_SCRATCH) -c debug --sanitize=fuzzer --sanitize=address \
		-Xswiftc -sanitize=fuzzer,address

fuzz: fuzz-build
	@bin=$$($(SWIFT) build --package-path fuzz --scratch-path $(FUZZ_SCRATCH) -c debug --show-bin-path); \
	for target in $(FUZZ_TARGETS); do \
		case $$target in FuzzJSON) dict=json;; FuzzRequestItems) dict=items;; FuzzQuery) dict=query;; \
			FuzzCollectionQuery) dict=collection-query;; FuzzServer) dict=server;; *) dict=;; esac; \
		mkdir -p fuzz/generated/$$target fuzz/artifacts/$$target; \
		echo "make: fuzzing $$target for $(FUZZ_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=0 nice -n 10 $$bin/$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-max_len=4096 -detect_leaks=0 -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$$target/ \
			$${dict:+-dict=fuzz/dict/$$dict.dict} $(FUZZ_FLAGS) fuzz/generated/$$target fuzz/corpus/$$target \
			|| exit 1; \
	done

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

clean:
	rm -rf .build
