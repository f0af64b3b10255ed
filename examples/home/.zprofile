# ~/.zprofile (macOS login shells)
eval "$(/opt/homebrew/bin/brew shellenv)"

# 公司的私有模块 (company private modules)
go env -w GOPRIVATE=github.com/example-corp/*
go env -w GOPROXY=https://goproxy.cn,direct

# let GoLand (started from the Dock) see GOPATH too
launchctl set GOPATH "$HOME/go"
