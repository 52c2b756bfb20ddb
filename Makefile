# famsync: `make run` opens the app, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
APP := target/debug/famsync-app

.PHONY: run test deps test-deps ui app cli lint test-rust test-ui test-e2e test-windows check-macos bench bindings icons bundle fuzz screenshots clean

# The core's `ts` feature adds the test that ui/src/lib/ipc.ts matches the Rust types.
CORE_TS := --features famsync-core/ts

run: app
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then echo "famsync: no display; on a server use the CLI: target/debug/famsync --help"; exit 1; fi
	$(APP)

test: test-deps ui lint test-rust test-ui test-e2e test-windows check-macos

deps:
	@scripts/install-deps.sh

test-deps:
	@FAMSYNC_TEST_DEPS=1 scripts/install-deps.sh

ui: deps
	cd ui && npm run --silent build

# The app embeds ui/dist at compile time, so it is built after the UI.
app: ui
	cargo build -p famsync-app

cli: deps
	cargo build -p famsync-cli

lint: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets $(CORE_TS) -- -D warnings

test-rust: ui
	scripts/with-keyring.sh cargo test --workspace $(CORE_TS)

test-ui: ui
	cd ui && npm run --silent check && npm test --silent

test-e2e: app
	cargo build -p famsync-core --example standins
	tests/e2e/run.sh $(APP) target/debug/examples/standins
	STANDIN_SERVER_TLS=1 tests/e2e/run.sh $(APP) target/debug/examples/standins tls-specs/

# famsync for Windows (mingw-w64) under Wine (scripts/test-windows.sh): the core's and the
# CLI's tests, clippy, the app built and started as far as Wine allows, and the Windows CLI
# beside the Linux one, command for command (status, enable, backups, the token in Wine's
# Credential Manager).
test-windows: test-deps ui
	scripts/with-keyring.sh scripts/test-windows.sh

# famsync for macOS, type-checked and linted (no SDK here to link or run it; see the script).
check-macos: test-deps ui
	scripts/check-macos.sh

bench: ui test-deps
	cargo build --release -p famsync-cli
	cargo run --release -p famsync-core --example bench_edit
	cargo run --release -p famsync-core --example bench_preflight
	cargo run --release -p famsync-core --example bench_watch
	cargo run --release -p famsync-core --example bench_remote
	scripts/with-keyring.sh cargo run --release -p famsync-core --example bench_api
	scripts/bench-status.sh
	scripts/bench-sizes.sh
	scripts/bench-startup.sh

# Fuzzes the env parser and editor (fuzz/fuzz_targets/env_edit.rs) for FUZZ_SECONDS with
# cargo-fuzz on the nightly toolchain, starting from the fixtures' env files in fuzz/seeds/. A
# crash is saved in fuzz/artifacts/: fix it, then keep the input in fuzz/seeds/ as a regression.
FUZZ_SECONDS ?= 60
fuzz:
	@rustup toolchain list | grep -q '^nightly' || { echo "famsync: make fuzz needs the nightly toolchain (rustup toolchain install nightly)"; exit 1; }
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	mkdir -p fuzz/work/env_edit
	cargo +nightly fuzz run env_edit fuzz/work/env_edit fuzz/seeds/env_edit -- -max_total_time=$(FUZZ_SECONDS)

# The reference screenshots in tests/screenshots/ (shown in the README): every step in English,
# Japanese and French, light and dark, taken by the window test display.test.js.
screenshots: test-deps app
	cargo build -p famsync-core --example standins
	tests/e2e/run.sh $(APP) target/debug/examples/standins specs/display.test.js
	scripts/keep-screenshots.sh

# Regenerate the window's TypeScript types from famsync-core after changing an IPC type.
bindings:
	FAMSYNC_WRITE_BINDINGS=1 cargo test -p famsync-core --features ts --test bindings

# Every icon the app and its packages use, made from the one SVG (the npm @tauri-apps/cli):
# the PNGs for Linux, icon.ico for Windows and icon.icns for macOS.
icons: deps
	npx --prefix ui tauri icon icons/famsync.svg -o icons -p 32 -p 128 -p 256 -p 512
	rm -rf target/icons && npx --prefix ui tauri icon icons/famsync.svg -o target/icons >/dev/null
	cp target/icons/icon.ico target/icons/icon.icns icons/

# The .deb and .rpm of the desktop app (release profile: LTO, strip, one codegen unit), with the
# famsync CLI installed beside it as /usr/bin/famsync. The npm @tauri-apps/cli ships its own
# binary; the AppImage needs tools fetched from outside the package registries (release machine).
bundle: ui icons
	cargo build --release -p famsync-cli
	cd src-tauri && npx --prefix ../ui tauri build --bundles deb,rpm
	for deb in target/release/bundle/deb/*.deb; do scripts/repack-deb.sh "$$deb"; done
	@ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

clean:
	cargo clean
	rm -rf ui/dist tests/out
