# `helm test`: the Intercept CRD is established, the operator Deployment is Available (its readiness probe is
# /healthz: started, informers healthy), and one replica holds the leader election Lease, so Intercepts get
# reconciled.
set -eu

echo "Checking that the Intercept CRD is established"
established=$(kubectl get customresourcedefinition intercepts.ktun.dev -o jsonpath='{.status.conditions[?(@.type=="Established")].status}')
if [ "$established" != "True" ]; then
  echo "CRD intercepts.ktun.dev is not established (Established=${established:-unknown})"
  exit 1
fi

echo "Checking that deployment/${OPERATOR_DEPLOYMENT} is available"
kubectl -n "$OPERATOR_NAMESPACE" wait --for=condition=Available "deployment/${OPERATOR_DEPLOYMENT}" --timeout=90s

echo "Checking that an operator replica leads"
leader=""
for _ in $(seq 1 30); do
  leader=$(kubectl -n "$OPERATOR_NAMESPACE" get lease ktun-operator -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true)
  [ -n "$leader" ] && break
  sleep 2
done
if [ -z "$leader" ]; then
  echo "No operator replica holds the Lease ktun-operator: Intercepts would not be reconciled"
  exit 1
fi
echo "ktun is ready: operator ${leader} leads"
