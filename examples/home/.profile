# ~/.profile: executed by the command interpreter for login shells.
# (read by sh/dash and the display manager; bash reads ~/.bash_profile)

if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi

# shared GOPATH for the team's vendored tools
export GOPATH="$HOME/go;/opt/shared-go"
export PATH=$PATH:/usr/local/go/bin:$HOME/go/bin
