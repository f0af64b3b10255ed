$ErrorActionPreference = 'Stop'
$GoRoot = 'C:\var\vcap\packages\golang-1.22-windows\go'
Set-ItemProperty -Path 'Registry::HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\Session Manager\Environment' -Name GOROOT -Value $GoRoot
Set-ItemProperty -Path 'Registry::HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\Session Manager\Environment' -Name GOPATH -Value 'C:\var\vcap\data\api\gopath'
