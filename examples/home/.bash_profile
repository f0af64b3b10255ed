# ~/.bash_profile: login shells
# get the aliases and functions
if [ -f ~/.bashrc ]; then
    . ~/.bashrc
fi

export EDITOR=vim
