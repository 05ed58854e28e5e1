# Pre-delete hook: ends every Intercept while the operator still runs, then waits until no Service carries
# ktun's original-selector annotation any more, i.e. every intercepted Service has its own selector back.
# Each Intercept's finalizer restores its Service before the Intercept goes, so both usually finish together.
# Fails (and so stops `helm uninstall` before the operator is removed) if that takes longer than TIMEOUT_SECONDS.
set -u

deadline=$(( $(date +%s) + TIMEOUT_SECONDS ))

intercepts_served() {
  kubectl api-resources --api-group=ktun.dev -o name 2>/dev/null | grep -qx 'intercepts.ktun.dev'
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

end_intercepts() {
  # Idempotent: also ends Intercepts created while the hook waits.
  kubectl delete intercepts.ktun.dev --all --all-namespaces --ignore-not-found --wait=false >/dev/null
}

if intercepts_served; then
  echo "Ending every Intercept in the cluster"
  end_intercepts || echo "Could not delete Intercepts yet; retrying while waiting"
else
  echo "The Intercept resource is not served: no Intercept to end"
fi

while :; do
  # A failed read counts as "not done yet": the API server may be briefly unavailable.
  intercepts=$(remaining_intercepts) || intercepts="(could not list Intercepts)"
  services=$(annotated_services) || services="(could not list Services)"
  if [ -z "$intercepts" ] && [ -z "$services" ]; then
    echo "Every Intercept has ended and every Service has its own selector back"
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Gave up after ${TIMEOUT_SECONDS}s; the operator stays installed."
    [ -n "$intercepts" ] && printf 'Intercepts still there:\n%s\n' "$intercepts"
    [ -n "$services" ] && printf 'Services still pointing to a ktun proxy (annotation ktun.dev/original-selector):\n%s\n' "$services"
    echo "Look at the operator's log (kubectl logs -n ${OPERATOR_NAMESPACE} deployment/${OPERATOR_DEPLOYMENT}),"
    echo "restart it to make it give back annotated Services that no Intercept names, then uninstall again."
    echo "'helm uninstall --no-hooks' removes the operator anyway and leaves those Services as they are."
    exit 1
  fi
  if [ -n "$intercepts" ]; then
    end_intercepts 2>/dev/null || true
  fi
  sleep 2
done
