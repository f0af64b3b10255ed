# ~/.zshrc
export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git golang docker)
source $ZSH/oh-my-zsh.sh

# Go (装在 /usr/local/go, installed from the go.dev tarball)
export GOPATH="$HOME/go"
export GOPROXY=https://goproxy.cn,direct
# static binaries for the containers
export CGO_ENABLED=0
export PATH="/usr/local/go/bin:$GOPATH/bin:$PATH"
