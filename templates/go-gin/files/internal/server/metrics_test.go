package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func helloRoutes(r gin.IRouter) {
	r.GET("/v1/hello/:name", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"message": "hello, " + c.Param("name")}) })
}

func TestMetricsUseRouteTemplates(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), helloRoutes)
	do(s.Handler(), http.MethodGet, "/v1/hello/alice", nil, nil)
	do(s.Handler(), http.MethodGet, "/v1/hello/bob", nil, nil)
	do(s.Handler(), http.MethodGet, "/no/such/path", nil, nil)
	do(s.Handler(), http.MethodGet, "/another/missing/path", nil, nil)

	rec := do(s.AdminHandler(), http.MethodGet, "/metrics", nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics got %d", rec.Code)
	}
	text := rec.Body.String()
	for _, want := range []string{
		`http_server_request_duration_seconds_count{method="GET",route="/v1/hello/:name",status_code="200"} 2`,
		`http_server_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 2`,
		"http_server_active_requests 0",
		"go_goroutines",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(text, "alice") || strings.Contains(text, "/no/such/path") {
		t.Error("raw paths leaked into metric labels")
	}
}

func TestDurationHistogramUsesOpenTelemetryBuckets(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), helloRoutes)
	do(s.Handler(), http.MethodGet, "/v1/hello/alice", nil, nil)

	text := do(s.AdminHandler(), http.MethodGet, "/metrics", nil, nil).Body.String()
	var got []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, `http_server_request_duration_seconds_bucket{method="GET",route="/v1/hello/:name",status_code="200",le="`) {
			continue
		}
		le := strings.SplitN(strings.SplitN(line, `le="`, 2)[1], `"`, 2)[0]
		got = append(got, le)
	}
	want := []string{"0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("bucket boundaries %v, want %v", got, want)
	}
}

func TestAdminEndpointsStayOffThePublicPort(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), helloRoutes)
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		if rec := do(s.Handler(), http.MethodGet, path, nil, nil); rec.Code != http.StatusNotFound {
			t.Errorf("public %s got %d, want 404", path, rec.Code)
		}
	}
	if rec := do(s.AdminHandler(), http.MethodGet, "/debug/pprof/", nil, nil); rec.Code != http.StatusOK {
		t.Errorf("admin pprof index got %d", rec.Code)
	}
	if rec := do(s.AdminHandler(), http.MethodGet, "/debug/pprof/cmdline", nil, nil); rec.Code != http.StatusOK {
		t.Errorf("admin pprof cmdline got %d", rec.Code)
	}
}
