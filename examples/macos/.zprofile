# ~/.zprofile on the Apple Silicon MacBook (Go installed with `brew install go`)
eval "$(/opt/homebrew/bin/brew shellenv)"
export GOROOT="$(brew --prefix go)"
export GOPATH="$HOME/go"
export PATH="$GOPATH/bin:$PATH"
