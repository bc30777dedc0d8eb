//go:build tools

// Package tools pins Miniflux (a main package) in go.mod and go.sum; Hop3 builds it with
// [build] go-main.
package tools

import _ "miniflux.app/v2"
