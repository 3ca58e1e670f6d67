package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// repoConfigDir is the service's real config folder, so these tests also
// prove the shipped files are valid.
const repoConfigDir = "../../config"

func TestShippedEnvironmentsLoad(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		t.Run(env, func(t *testing.T) {
			cfg, err := load(repoConfigDir, env, nil)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.HTTP.WriteTimeout <= cfg.HTTP.HandlerTimeout || cfg.HTTP.HandlerTimeout <= cfg.Clients["default"].Timeout {
				t.Fatalf("timeout budget broken in %s: %+v", env, cfg.HTTP)
			}
		})
	}
}

func TestLoadDefaultsToDev(t *testing.T) {
	t.Chdir("../..")
	t.Setenv("APP_HTTP_PORT", "8181")
	cfg, err := Load("", "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Log.Level != "debug" || cfg.HTTP.Port != 8181 {
		t.Fatalf("want dev config with APP_HTTP_PORT applied, got level %q port %d", cfg.Log.Level, cfg.HTTP.Port)
	}
}

func TestOverridesEveryKind(t *testing.T) {
	cfg, err := load(repoConfigDir, "prod", []string{
		"APP_HTTP_PORT=9999",
		"APP_HTTP_HANDLER_TIMEOUT=200ms",
		"APP_CLIENTS_DEFAULT_TIMEOUT=100ms",
		"APP_HTTP_MAX_BODY_BYTES=2KiB",
		"APP_HTTP_TRUSTED_PROXIES=10.0.0.0/8, 192.168.1.1",
		"APP_CORS_ENABLED=true",
		"APP_CORS_ALLOWED_ORIGINS=https://example.com",
		"APP_TRACING_ENDPOINT=",
		"APP_ENV=prod",
		"PATH=/usr/bin",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTP.Port != 9999 {
		t.Errorf("port %d", cfg.HTTP.Port)
	}
	if cfg.HTTP.HandlerTimeout.Std() != 200*time.Millisecond || cfg.Clients["default"].Timeout.Std() != 100*time.Millisecond {
		t.Errorf("timeouts %s %s", cfg.HTTP.HandlerTimeout, cfg.Clients["default"].Timeout)
	}
	if cfg.HTTP.MaxBodyBytes != 2048 {
		t.Errorf("max body %d", cfg.HTTP.MaxBodyBytes)
	}
	if strings.Join(cfg.HTTP.TrustedProxies, "|") != "10.0.0.0/8|192.168.1.1" {
		t.Errorf("trusted proxies %q", cfg.HTTP.TrustedProxies)
	}
	if !cfg.CORS.Enabled || len(cfg.CORS.AllowedOrigins) != 1 {
		t.Errorf("cors %+v", cfg.CORS)
	}
	if cfg.Tracing.Endpoint != "" {
		t.Errorf("endpoint %q", cfg.Tracing.Endpoint)
	}
}

func TestInvalidConfigNamesKeyAndReason(t *testing.T) {
	cases := []struct {
		name    string
		environ []string
		want    string
	}{
		{"unknown override", []string{"APP_HTTP_PROT=1"}, "unknown override APP_HTTP_PROT"},
		{"bad duration", []string{"APP_HTTP_IDLE_TIMEOUT=soon"}, `"soon" is not a duration`},
		{"bad byte size", []string{"APP_HTTP_MAX_BODY_BYTES=1MB"}, `"1MB" is not a byte size`},
		{"bad port", []string{"APP_HTTP_PORT=70000"}, "http.port: must be between 0 and 65535"},
		{"bad type", []string{"APP_HTTP_PORT=eighty"}, "cannot unmarshal"},
		{"same ports", []string{"APP_ADMIN_PORT=8080"}, "admin.port: must differ from http.port"},
		{"write below handler", []string{"APP_HTTP_WRITE_TIMEOUT=4s"}, "http.write_timeout (4s) must be greater than http.handler_timeout (5s)"},
		{"client above handler", []string{"APP_CLIENTS_DEFAULT_TIMEOUT=6s"}, "clients.default.timeout (6s) must be less than http.handler_timeout (5s)"},
		{"client zero", []string{"APP_CLIENTS_DEFAULT_TIMEOUT=0s"}, "clients.default.timeout: must be a positive duration"},
		{"shutdown below handler", []string{"APP_SHUTDOWN_TIMEOUT=1s"}, "shutdown.timeout (1s) must be at least http.handler_timeout"},
		{"zero timeout", []string{"APP_HTTP_READ_TIMEOUT=0s"}, "http.read_timeout: must be a positive duration"},
		{"negative drain", []string{"APP_SHUTDOWN_DRAIN_DELAY=-1s"}, "shutdown.drain_delay: must not be negative"},
		{"header above read", []string{"APP_HTTP_READ_HEADER_TIMEOUT=11s"}, "http.read_header_timeout: must not exceed http.read_timeout (10s), got 11s"},
		{"zero body", []string{"APP_HTTP_MAX_BODY_BYTES=0"}, "http.max_body_bytes: must be a positive byte size"},
		{"zero header", []string{"APP_HTTP_MAX_HEADER_BYTES=0"}, "http.max_header_bytes: must be a positive byte size"},
		{"bad proxy", []string{"APP_HTTP_TRUSTED_PROXIES=10.0.0.0/8,lb"}, `http.trusted_proxies[1]: "lb" is neither`},
		{"bad level", []string{"APP_LOG_LEVEL=trace"}, `log.level: must be one of debug, info, warn, error, got "trace"`},
		{"bad endpoint", []string{"APP_TRACING_ENDPOINT=collector:4318"}, "tracing.endpoint: must be empty or an http(s) URL"},
		{"no service name", []string{"APP_TRACING_SERVICE_NAME="}, "tracing.service_name: must not be empty"},
		{"bad ratio", []string{"APP_TRACING_SAMPLE_RATIO=2"}, "tracing.sample_ratio: must be between 0 and 1"},
		{"cors without origins", []string{"APP_CORS_ENABLED=true"}, "cors.allowed_origins: must list at least one origin"},
		{"cors bad origin", []string{"APP_CORS_ENABLED=true", "APP_CORS_ALLOWED_ORIGINS=example.com"}, `cors.allowed_origins[0]: "example.com" must be`},
		{"rate limit zero", []string{"APP_RATELIMIT_ENABLED=true", "APP_RATELIMIT_REQUESTS_PER_SECOND=0", "APP_RATELIMIT_BURST=0"}, "ratelimit.requests_per_second: must be positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(repoConfigDir, "dev", tc.environ)
			if err == nil {
				t.Fatalf("want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), filepath.Join(repoConfigDir, "dev.yaml")) {
				t.Fatalf("error %q does not name the file", err)
			}
		})
	}
}

func TestRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("typo.yaml", "http:\n  prot: 1\n")
	write("list.yaml", "- a\n")
	write("broken.yaml", "http: [\n")
	cases := map[string]string{
		"typo":    "field prot not found",
		"list":    "cannot unmarshal",
		"broken":  "did not find expected",
		"missing": "no such file",
		"../etc":  "must be a lower-case name",
	}
	for env, want := range cases {
		if _, err := load(dir, env, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("env %s: error %v, want it to contain %q", env, err, want)
		}
	}
}

func TestByteSizes(t *testing.T) {
	cases := map[string]int64{"0": 0, "512": 512, "1KiB": 1024, "1 MiB": 1 << 20, "2GiB": 2 << 30, "10B": 10}
	for in, want := range cases {
		got, ok := parseByteSize(in)
		if !ok || got != want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5MiB", "1MB", "MiB", "9999999999999GiB"} {
		if _, ok := parseByteSize(in); ok {
			t.Errorf("parseByteSize(%q) accepted", in)
		}
	}
}

func TestDurationMarshalsAsString(t *testing.T) {
	v, err := Duration(1500 * time.Millisecond).MarshalYAML()
	if err != nil || v != "1.5s" {
		t.Fatalf("got %v, %v", v, err)
	}
}
