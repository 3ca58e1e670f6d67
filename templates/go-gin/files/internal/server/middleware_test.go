package server

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func panicRoutes(r gin.IRouter) {
	r.GET("/panic", func(*gin.Context) { panic("boom") })
	r.GET("/abort", func(*gin.Context) { panic(http.ErrAbortHandler) })
	r.GET("/panic-after-write", func(c *gin.Context) {
		c.String(http.StatusOK, "partial")
		panic("late boom")
	})
	r.GET("/ok", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
}

func TestPanicBecomesJSON500AndServerKeepsServing(t *testing.T) {
	s, logs := newTestServer(t, testConfig(), panicRoutes)
	h := http.Header{RequestIDHeader: {"panic-1"}}

	rec := do(s.Handler(), http.MethodGet, "/panic", nil, h)
	if rec.Code != http.StatusInternalServerError || errorCode(t, rec.Body.Bytes()) != "internal" {
		t.Fatalf("got %d %s, want a JSON 500", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	if rec := do(s.Handler(), http.MethodGet, "/ok", nil, nil); rec.Code != http.StatusOK {
		t.Fatalf("request after the panic got %d", rec.Code)
	}

	panics := logs.lines(t, "panic recovered")
	if len(panics) != 1 {
		t.Fatalf("want one panic log line, got %d", len(panics))
	}
	if panics[0]["request_id"] != "panic-1" || panics[0]["panic"] != "boom" || !strings.Contains(panics[0]["stack"].(string), "runtime/debug.Stack") {
		t.Fatalf("panic line lacks request id, value or stack: %v", panics[0])
	}
	requests := logs.lines(t, "request")
	if requests[0]["status"] != float64(500) || !strings.Contains(requests[0]["errors"].(string), "panic: boom") {
		t.Fatalf("access log line %v", requests[0])
	}
}

func TestPanicAfterWriteKeepsStatus(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), panicRoutes)
	rec := do(s.Handler(), http.MethodGet, "/panic-after-write", nil, nil)
	if rec.Code != http.StatusOK || rec.Body.String() != "partial" {
		t.Fatalf("got %d %q", rec.Code, rec.Body)
	}
}

func TestErrAbortHandlerReachesNetHTTP(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), panicRoutes)
	defer func() {
		rec := recover()
		err, ok := rec.(error)
		if !ok || !errors.Is(err, http.ErrAbortHandler) {
			t.Fatalf("want http.ErrAbortHandler re-panicked, got %v", rec)
		}
	}()
	do(s.Handler(), http.MethodGet, "/abort", nil, nil)
}

func TestRequestIDIsAcceptedOrReplaced(t *testing.T) {
	s, logs := newTestServer(t, testConfig(), panicRoutes)
	cases := []struct {
		inbound string
		keep    bool
	}{
		{"abc-123_DEF.456", true},
		{strings.Repeat("a", 128), true},
		{"", false},
		{strings.Repeat("a", 129), false},
		{"has space", false},
		{`quote"`, false},
		{"ünïcode", false},
	}
	for _, tc := range cases {
		h := http.Header{}
		if tc.inbound != "" {
			h.Set(RequestIDHeader, tc.inbound)
		}
		got := do(s.Handler(), http.MethodGet, "/ok", nil, h).Header().Get(RequestIDHeader)
		switch {
		case tc.keep && got != tc.inbound:
			t.Errorf("inbound %q: echoed %q, want it kept", tc.inbound, got)
		case !tc.keep && (got == tc.inbound || !validRequestID.MatchString(got)):
			t.Errorf("inbound %q: echoed %q, want a fresh valid id", tc.inbound, got)
		}
	}
	lines := logs.lines(t, "request")
	if lines[0]["request_id"] != "abc-123_DEF.456" {
		t.Fatalf("log line request_id %v", lines[0]["request_id"])
	}
}

func TestAccessLogLineHasCorrelationFields(t *testing.T) {
	s, logs := newTestServer(t, testConfig(), panicRoutes)
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	do(s.Handler(), http.MethodGet, "/ok", nil, http.Header{"Traceparent": {"00-" + traceID + "-00f067aa0ba902b7-01"}})

	line := logs.lines(t, "request")[0]
	for _, key := range []string{"time", "level", "msg", "request_id", "trace_id", "span_id", "method", "route", "status", "duration_ms"} {
		if _, ok := line[key]; !ok {
			t.Errorf("log line lacks %q: %v", key, line)
		}
	}
	if line["trace_id"] != traceID || line["route"] != "/ok" || line["method"] != "GET" || line["level"] != "INFO" {
		t.Fatalf("log line %v", line)
	}
}

func TestProbesAreLoggedAtDebug(t *testing.T) {
	s, logs := newTestServer(t, testConfig())
	do(s.Handler(), http.MethodGet, healthPath, nil, nil)
	line := logs.lines(t, "request")[0]
	if line["level"] != "DEBUG" || line["route"] != healthPath {
		t.Fatalf("probe line %v", line)
	}
	if _, traced := line["trace_id"]; traced {
		t.Fatalf("probes should not be traced: %v", line)
	}
}

func TestJSONNotFoundAndMethodNotAllowed(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), panicRoutes)
	rec := do(s.Handler(), http.MethodGet, "/nope", nil, nil)
	if rec.Code != http.StatusNotFound || errorCode(t, rec.Body.Bytes()) != "not_found" {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	rec = do(s.Handler(), http.MethodPost, "/ok", nil, nil)
	if rec.Code != http.StatusMethodNotAllowed || errorCode(t, rec.Body.Bytes()) != "method_not_allowed" || rec.Header().Get("Allow") != "GET" {
		t.Fatalf("got %d %s allow=%q", rec.Code, rec.Body, rec.Header().Get("Allow"))
	}
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), panicRoutes)
	rec := do(s.Handler(), http.MethodGet, "/ok", nil, nil)
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
}

func bodyRoutes(r gin.IRouter) {
	r.POST("/echo", func(c *gin.Context) {
		body, err := io.ReadAll(c.Request.Body)
		if err != nil {
			_ = c.Error(err)
			return
		}
		c.String(http.StatusOK, "%d", len(body))
	})
}

func TestBodyLimit(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), bodyRoutes)

	if rec := do(s.Handler(), http.MethodPost, "/echo", strings.NewReader(strings.Repeat("x", 1024)), nil); rec.Code != http.StatusOK || rec.Body.String() != "1024" {
		t.Fatalf("body at the limit: got %d %s", rec.Code, rec.Body)
	}

	rec := do(s.Handler(), http.MethodPost, "/echo", strings.NewReader(strings.Repeat("x", 1025)), nil)
	if rec.Code != http.StatusRequestEntityTooLarge || errorCode(t, rec.Body.Bytes()) != "body_too_large" {
		t.Fatalf("declared length over the limit: got %d %s", rec.Code, rec.Body)
	}

	// Without a Content-Length the limit trips while the handler reads.
	req := strings.NewReader(strings.Repeat("x", 4096))
	streamed := do(s.Handler(), http.MethodPost, "/echo", io.MultiReader(req), http.Header{"Transfer-Encoding": {"chunked"}})
	if streamed.Code != http.StatusRequestEntityTooLarge || errorCode(t, streamed.Body.Bytes()) != "body_too_large" {
		t.Fatalf("streamed body over the limit: got %d %s", streamed.Code, streamed.Body)
	}
}

func TestCORSWhenEnabled(t *testing.T) {
	cfg := testConfig()
	cfg.CORS.Enabled = true
	cfg.CORS.AllowedOrigins = []string{"https://app.example.com"}
	s, _ := newTestServer(t, cfg, panicRoutes)

	rec := do(s.Handler(), http.MethodOptions, "/ok", nil, http.Header{
		"Origin":                        {"https://app.example.com"},
		"Access-Control-Request-Method": {"GET"},
	})
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Fatalf("preflight got %d, allow-origin %q", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
	}
	rec = do(s.Handler(), http.MethodGet, "/ok", nil, http.Header{"Origin": {"https://evil.example.com"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("foreign origin got %d", rec.Code)
	}
}

func TestRateLimitWhenEnabled(t *testing.T) {
	cfg := testConfig()
	cfg.RateLimit.Enabled = true
	cfg.RateLimit.RequestsPerSecond = 0.001
	cfg.RateLimit.Burst = 1
	s, _ := newTestServer(t, cfg, panicRoutes)

	if rec := do(s.Handler(), http.MethodGet, "/ok", nil, nil); rec.Code != http.StatusOK {
		t.Fatalf("first request got %d", rec.Code)
	}
	rec := do(s.Handler(), http.MethodGet, "/ok", nil, nil)
	if rec.Code != http.StatusTooManyRequests || errorCode(t, rec.Body.Bytes()) != "rate_limited" || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("second request got %d %s", rec.Code, rec.Body)
	}
}

func TestMethodLabelFoldsUnknownMethods(t *testing.T) {
	if methodLabel("GET") != "GET" || methodLabel("BREW") != "OTHER" {
		t.Fatal("unexpected method labels")
	}
}

func TestClientIPTrustsOnlyConfiguredProxies(t *testing.T) {
	// httptest requests come from 192.0.2.1.
	forwarded := http.Header{"X-Forwarded-For": {"203.0.113.7"}}
	for _, tc := range []struct {
		trusted []string
		want    string
	}{
		{nil, "192.0.2.1"},
		{[]string{"192.0.2.0/24"}, "203.0.113.7"},
	} {
		cfg := testConfig()
		cfg.HTTP.TrustedProxies = tc.trusted
		s, logs := newTestServer(t, cfg, panicRoutes)
		do(s.Handler(), http.MethodGet, "/ok", nil, forwarded)
		if got := logs.lines(t, "request")[0]["client_ip"]; got != tc.want {
			t.Errorf("trusted %v: client_ip %v, want %s", tc.trusted, got, tc.want)
		}
	}
}
