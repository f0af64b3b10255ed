@echo off
REM build agent setup (Windows Server 2022)
set GOPATH=C:\work\go 
set "GOBIN=C:\work\go\bin"
set PATH=%PATH%:C:\Program Files\Go\bin
setx GOPROXY "https://goproxy.corp.example.com,direct"
go install golang.org/x/tools/cmd/stringer@latest
