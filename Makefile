# The two commands. Everything else is in scripts/.
.PHONY: run test build lint clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh

build:
	@scripts/build.sh build

lint: build
	@scripts/lint.sh build

clean:
	@scripts/pg.sh stop || true
	rm -rf build
