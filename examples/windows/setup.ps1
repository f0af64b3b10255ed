# Developer machine setup for Windows (run once, as the developer)
$ErrorActionPreference = "Stop"

winget install --id GoLang.Go -e --silent

[Environment]::SetEnvironmentVariable("GOPATH", "D:\go", "User")
[Environment]::SetEnvironmentVariable("GOPRIVATE", "github.com/example-corp/*", "User")

go install golang.org/x/tools/gopls@latest
go install github.com/go-delve/delve/cmd/dlv@latest
