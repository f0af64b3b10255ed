# Build the code generator for this machine, whatever GOOS/GOARCH the release shell targets.
$buildEnv = @{}
foreach ($pair in (Get-Item -Path Env:)) { $buildEnv[$pair.Key] = $pair.Value }
$buildEnv.Remove('GOOS')
$buildEnv.Remove('GOARCH')
Start-Process -FilePath go.exe -ArgumentList 'build', '-o', 'bin\gen.exe', './cmd/gen' -Environment $buildEnv -NoNewWindow -Wait
