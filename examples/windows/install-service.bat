@echo off
REM Install the worker as a Windows service with NSSM, then tune its Go runtime.
nssm install worker C:\worker\worker.exe
nssm set worker AppEnvironmentExtra GOMEMLIMIT=900MiB
nssm set worker AppEnvironmentExtra GOGC=50
nssm start worker
