// Package httpclient builds outbound HTTP clients whose every phase is
// bounded below the handler deadline and which propagate trace context.
package httpclient

import (
	"net"
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// maxConnectTimeout caps the dial and TLS phases: a dependency that cannot
// accept a connection in this time is down, and waiting longer only eats the
// budget left for the request itself.
const maxConnectTimeout = 2 * time.Second

// New returns a client for one dependency. timeout is the whole exchange
// (clients.<name>.timeout), which config validation keeps below
// http.handler_timeout; dial, TLS handshake and response headers each get
// at most that much. Requests should still carry the handler's context so
// they stop when the inbound request is abandoned.
func New(timeout time.Duration) *http.Client {
	connect := min(timeout, maxConnectTimeout)
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   connect,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   10,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: otelhttp.NewTransport(transport),
	}
}
