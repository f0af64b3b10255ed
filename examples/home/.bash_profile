# ~/.bash_profile: login shells
# get the aliases and functions
if [ -f ~/.bashrc ]; then
    . ~/.bashrc
fi

export EDITOR=vim

# Go 1.22 from the distribution (apt install golang-1.22-go)
export GOROOT=/usr/local/go
export PATH=/usr/lib/go-1.22/bin:$PATH
