# Pre-delete hook: ends every Intercept and every Connect while the operator still runs, then waits until no
# Service carries ktun's original-selector annotation any more, i.e. every intercepted Service has its own selector
# back. Each Intercept's finalizer restores its Service before the Intercept goes, so both usually finish together;
# a Connect has no finalizer and goes at once, its proxy collected by the garbage collector.
# Fails (and so stops `helm uninstall` before the operator is removed) if that takes longer than TIMEOUT_SECONDS.
set -u

deadline=$(( $(date +%s) + TIMEOUT_SECONDS ))

# Whether the API server serves a ktun resource (its CRD may be missing, e.g. installed by an admin, or older).
served() {
  kubectl api-resources --api-group=ktun.dev -o name 2>/dev/null | grep -qx "$1"
}

intercepts_served() {
  served 'intercepts.ktun.dev'
}

connects_served() {
  served 'connects.ktun.dev'
}

# One line per Service that still carries the annotation: namespace/name.
annotated_services() {
  kubectl get services --all-namespaces -o go-template='{{range .items}}{{if .metadata.annotations}}{{if index .metadata.annotations "ktun.dev/original-selector"}}{{.metadata.namespace}}/{{.metadata.name}}{{"\n"}}{{end}}{{end}}{{end}}'
}

remaining_intercepts() {
  if intercepts_served; then
    kubectl get intercepts.ktun.dev --all-namespaces -o go-template='{{range .items}}{{.metadata.namespace}}/{{.metadata.name}}{{"\n"}}{{end}}'
  fi
}

remaining_connects() {
  if connects_served; then
    kubectl get connects.ktun.dev --all-namespaces -o go-template='{{range .items}}{{.metadata.namespace}}/{{.metadata.name}}{{"\n"}}{{end}}'
  fi
}

end_intercepts() {
  # Idempotent: also ends Intercepts created while the hook waits.
  kubectl delete intercepts.ktun.dev --all --all-namespaces --ignore-not-found --wait=false >/dev/null
}

end_connects() {
  kubectl delete connects.ktun.dev --all --all-namespaces --ignore-not-found --wait=false >/dev/null
}

if intercepts_served; then
  echo "Ending every Intercept in the cluster"
  end_intercepts || echo "Could not delete Intercepts yet; retrying while waiting"
else
  echo "The Intercept resource is not served: no Intercept to end"
fi

if connects_served; then
  echo "Ending every Connect in the cluster"
  end_connects || echo "Could not delete Connects yet; retrying while waiting"
else
  echo "The Connect resource is not served: no Connect to end"
fi

while :; do
  # A failed read counts as "not done yet": the API server may be briefly unavailable.
  intercepts=$(remaining_intercepts) || intercepts="(could not list Intercepts)"
  connects=$(remaining_connects) || connects="(could not list Connects)"
  services=$(annotated_services) || services="(could not list Services)"
  if [ -z "$intercepts" ] && [ -z "$connects" ] && [ -z "$services" ]; then
    echo "Every Intercept and Connect has ended and every Service has its own selector back"
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Gave up after ${TIMEOUT_SECONDS}s; the operator stays installed."
    [ -n "$intercepts" ] && printf 'Intercepts still there:\n%s\n' "$intercepts"
    [ -n "$connects" ] && printf 'Connects still there:\n%s\n' "$connects"
    [ -n "$services" ] && printf 'Services still pointing to a ktun proxy (annotation ktun.dev/original-selector):\n%s\n' "$services"
    echo "Look at the operator's log (kubectl logs -n ${OPERATOR_NAMESPACE} deployment/${OPERATOR_DEPLOYMENT}),"
    echo "restart it to make it give back annotated Services that no Intercept names, then uninstall again."
    echo "'helm uninstall --no-hooks' removes the operator anyway and leaves those Services as they are."
    exit 1
  fi
  if [ -n "$intercepts" ]; then
    end_intercepts 2>/dev/null || true
  fi
  if [ -n "$connects" ]; then
    end_connects 2>/dev/null || true
  fi
  sleep 2
done
