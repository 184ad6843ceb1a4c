# finchat: `make run` serves the demo, `make test` runs every test. See README.md.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
FINCHAT_ARGS ?=

.PHONY: all deps deps-test build build-asan web run test test-unit test-image test-deploy model bench format lint clean

all: build

deps:
	@bash scripts/install-deps.sh

deps-test:
	@bash scripts/install-deps.sh --test

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan: deps-test
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# The web UI is optional at run time; it is built when npm is available.
web:
	@bash scripts/build-web.sh

run: build web
	@./build/release/bin/finchat serve $(FINCHAT_ARGS)

# Builds the ASan+UBSan tree, starts a throwaway PostgreSQL and Redis, runs every test.
test: build-asan web
	@bash scripts/run-tests.sh build/asan

# Kubernetes manifests: yamllint, kustomize render, offline schema and policy checks.
test-deploy:
	@bash scripts/validate-k8s.sh

# Opt-in and slow: builds the container image with buildah from a local debootstrap base.
test-image:
	@bash scripts/build-image.sh

# Reproduces models/finchat-mini-q8_0.gguf with the libtorch trainer (about 33 min on one core).
model: deps-test
	@cmake --preset release -DFINCHAT_BUILD_TESTS=OFF >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@bash src/train/make_model.sh build/release

bench: build
	@echo "benchmarks: see bench/README.md"

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

lint:
	@cmake --preset debug >/dev/null
	@bash scripts/lint.sh

clean:
	@rm -rf build
