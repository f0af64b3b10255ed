# ~/.bashrc: executed by bash(1) for non-login shells.

# If not running interactively, don't do anything
case $- in
    *i*) ;;
      *) return;;
esac

HISTCONTROL=ignoreboth
HISTSIZE=1000
shopt -s histappend

# Go
GOPATH=$HOME/code/go
export PATH=$PATH:$GOPATH/bin

alias gt='go test ./...'
alias gob='go build ./...'
