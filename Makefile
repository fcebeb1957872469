# The two commands. Everything else is in scripts/.
.PHONY: run test build lint fuzz clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh

build:
	@scripts/build.sh build

lint: build
	@scripts/lint.sh build

fuzz:
	@scripts/fuzz.sh 120

clean:
	@scripts/pg.sh stop || true
	rm -rf build
