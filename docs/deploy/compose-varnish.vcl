# The compose file's Varnish: the shipped varnish.vcl with two machines behind a round-robin
# director and purges allowed from the two machines only. For one machine, use
# varnish.vcl itself. Varnish in front of Masthead (Varnish 6 or 7). Start it with this file and set the site's
# CDN_PURGE_URL to Varnish's own address (http://varnish-host:6081/) so every change is purged
# here by surrogate key. Change the backend to where Masthead listens and the ACL to the
# addresses Masthead's processes purge from.
vcl 4.1;

import directors;

# Two machines of the site, each asked /readyz: one draining or without its database is left out.
probe ready {
    .url = "/readyz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}
backend app1 {
    .host = "app1";
    .port = "3000";
    .probe = ready;
}
backend app2 {
    .host = "app2";
    .port = "3000";
    .probe = ready;
}

sub vcl_init {
    new machines = directors.round_robin();
    machines.add_backend(app1);
    machines.add_backend(app2);
}

# Who may purge: Masthead's machines. A PURGE from anyone else is refused.
# The two machines by name (resolved when the VCL loads): Pushpin, which every reader comes
# through, is on the same network and must not be let in.
acl purgers {
    "app1";
    "app2";
}

sub vcl_recv {
    set req.backend_hint = machines.backend();
    if (req.method == "PURGE") {
        # Both the address and the token: behind a TLS proxy on the same host every reader's
        # request comes from 127.0.0.1, so the address alone would let anyone empty the cache.
        # Put the same long random token here and in CDN_PURGE_URL (?token=...).
        if (!client.ip ~ purgers || req.http.Authorization != "Bearer CHANGE-THIS-PURGE-TOKEN") {
            return (synth(403, "Not allowed to purge"));
        }
        # Everything (a section renamed, a menu changed): every object goes.
        if (req.http.X-Purge-All) {
            ban("obj.status != 0");
            return (synth(200, "Purged everything"));
        }
        # Keys are space-separated words of [A-Za-z0-9:._-]: they go into the ban's pattern as they are.
        if (req.http.Surrogate-Key !~ "^[A-Za-z0-9:._-]+( [A-Za-z0-9:._-]+)*$") {
            return (synth(400, "A Surrogate-Key header of space-separated keys is expected"));
        }
        # A ban on the object's own header only: the ban lurker can apply it in the background.
        ban("obj.http.Surrogate-Key ~ (^|\s)(" + regsuball(req.http.Surrogate-Key, " ", "|") + ")(\s|$)");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # API clients with a token get their own answers.
    if (req.http.Authorization) {
        return (pass);
    }
    # Cookies do not decide whether to look in the cache (Varnish's default would pass every
    # signed-in reader): what the site marks public is the same for everyone, and what it keeps
    # personal it marks private, which is never stored below. The hash is the URL and host only.
    return (hash);
}

sub vcl_backend_response {
    # Stored only when the site says a shared cache may keep it. A response that says nothing is
    # not stored either (the site marks those private anyway); so is one that sets a cookie.
    if (beresp.http.Cache-Control !~ "(^|[ ,])(public|s-maxage=)" || beresp.http.Cache-Control ~ "(private|no-store)" || beresp.http.Set-Cookie) {
        # Remembered as not cacheable for two minutes (no body is kept): readers asking for the
        # same personal address at once go to the site side by side, not one after the other.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL is the site's s-maxage (60 s for pages, 300 s for a withdrawn article's 410, which
    # is cached like any page so a withdrawn story's traffic stays here). Serve stale while
    # fetching anew, as stale-while-revalidate asks.
    set beresp.grace = 30s;
    return (deliver);
}

sub vcl_deliver {
    # The keys are for this cache; readers need not download them.
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
