package main

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"

	"hotline/config"
)

// osErrorText is err's text with the operating system's common errors
// about a file (the file is missing, access is denied, the disk is full…)
// in the words of t, the path kept: "写入失败：open /x: no such file or
// directory" becomes "写入失败：/x 不存在". Other errors keep their text.
func osErrorText(t config.OSErrorTexts, err error) string {
	return osErrorTextIn(t, err.Error(), err)
}

// osErrorTextIn is osErrorText on msg, err's text with some of it already
// worded (failureText).
func osErrorTextIn(t config.OSErrorTexts, msg string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if text := osErrorWords(t, pe.Err, config.OSErrorData{Path: pe.Path, Op: pe.Op}); text != "" {
			msg = strings.Replace(msg, pe.Error(), text, 1)
		}
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		if text := osErrorWords(t, le.Err, config.OSErrorData{Path: le.Old + " → " + le.New, Op: le.Op}); text != "" {
			msg = strings.Replace(msg, le.Error(), text, 1)
		}
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Addr != nil && errors.Is(oe.Err, syscall.EADDRINUSE) {
		msg = strings.Replace(msg, oe.Error(), config.Render(t.AddrInUse, config.OSErrorData{Path: oe.Addr.String(), Op: oe.Op}), 1)
	} else if errors.As(err, &oe) && oe.Addr != nil && errors.Is(oe.Err, fs.ErrPermission) {
		msg = strings.Replace(msg, oe.Error(), config.Render(t.Permission, config.OSErrorData{Path: oe.Addr.String(), Op: oe.Op}), 1)
	}
	return msg
}

// netErrorWords words the operating system's error about an address
// inside err (taken, or a port this user may not listen on); ok is false
// when err holds none that t has words for.
func netErrorWords(t config.OSErrorTexts, err error) (words string, ok bool) {
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Addr == nil {
		return "", false
	}
	d := config.OSErrorData{Path: oe.Addr.String(), Op: oe.Op}
	switch {
	case errors.Is(oe.Err, syscall.EADDRINUSE):
		return config.Render(t.AddrInUse, d), true
	case errors.Is(oe.Err, fs.ErrPermission):
		return config.Render(t.Permission, d), true
	}
	return "", false
}

// fileErrorWords words the operating system's error about a file inside
// err alone, without what err wraps around it ("/x 不存在" for "store:
// unable to open /x: open /x: no such file or directory"); ok is false
// when err holds none that t has words for.
func fileErrorWords(t config.OSErrorTexts, err error) (words string, ok bool) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		words = osErrorWords(t, pe.Err, config.OSErrorData{Path: pe.Path, Op: pe.Op})
	}
	var le *os.LinkError
	if words == "" && errors.As(err, &le) {
		words = osErrorWords(t, le.Err, config.OSErrorData{Path: le.Old + " → " + le.New, Op: le.Op})
	}
	return words, words != ""
}

// osErrorWords words errno, the cause of an error about d.Path, or
// returns "" for a cause t has no words for.
func osErrorWords(t config.OSErrorTexts, errno error, d config.OSErrorData) string {
	var text string
	switch {
	case errors.Is(errno, fs.ErrNotExist):
		text = t.NotExist
	case errors.Is(errno, fs.ErrExist):
		text = t.Exist
	case errors.Is(errno, fs.ErrPermission):
		text = t.Permission
	case errors.Is(errno, syscall.EISDIR):
		text = t.IsDir
	case errors.Is(errno, syscall.ENOTDIR):
		text = t.NotDir
	case errors.Is(errno, syscall.ENOSPC):
		text = t.DiskFull
	case errors.Is(errno, syscall.EROFS):
		text = t.ReadOnly
	default:
		return ""
	}
	return config.Render(text, d)
}
