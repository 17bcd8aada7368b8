// vnet-peering-keeper: the function app and everything it needs, deployed at subscription scope so the
// least-privilege role and the Event Grid system topic can live there too.
//   az deployment sub create -l <region> -f infra/main.bicep -p environmentName=<name> scopeSubscriptions=<ids>
// (or `azd up`, which reads azure.yaml). The Event Grid subscription is created after the code is deployed
// (infra/eventgrid.bicep, run by the azd postdeploy hook): Event Grid validates a function endpoint on creation.
targetScope = 'subscription'

@minLength(1)
@maxLength(20)
@description('Name of the environment; used to name every resource.')
param environmentName string

@description('Region of the resource group and the function app.')
param location string = deployment().location

@description('Comma-separated subscription ids the app may read and change (SCOPE_SUBSCRIPTIONS).')
param scopeSubscriptions string = subscription().subscriptionId

@allowed(['sync', 'recreate'])
param addressChangeStrategy string = 'sync'

@allowed(['off', 'safe', 'all'])
param remediation string = 'off'

@description('NCRONTAB schedule of the drift audit.')
param auditSchedule string = '0 0 */6 * * *'

@minValue(1)
param maxParallelWrites int = 8

@description('Blob URL (in the app\'s storage account) or path of the desired topology file; empty: the remembered healthy peerings are the desired state.')
param topologyFile string = ''

@description('With remediation all, delete peerings the topology does not ask for (PRUNE).')
param prune bool = false

@minValue(1)
@maxValue(64)
@description('VNets an audit remediates at once (AUDIT_MAX_PARALLEL_VNETS).')
param auditMaxParallelVnets int = 4

@minValue(1)
@description('Days an audit\'s inventory, report and remediation records stay in blob storage.')
param auditRetentionDays int = 30

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, app: 'vnet-peering-keeper' }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'app.bicep' = {
  name: 'vnet-peering-keeper-app'
  scope: rg
  params: {
    location: location
    token: token
    tags: tags
    auditRetentionDays: auditRetentionDays
    settings: {
      SCOPE_SUBSCRIPTIONS: scopeSubscriptions
      ADDRESS_CHANGE_STRATEGY: addressChangeStrategy
      REMEDIATION: remediation
      AUDIT_SCHEDULE: auditSchedule
      MAX_PARALLEL_WRITES: string(maxParallelWrites)
      TOPOLOGY_FILE: topologyFile
      PRUNE: string(prune)
      AUDIT_MAX_PARALLEL_VNETS: string(auditMaxParallelVnets)
    }
  }
}

// The app's own role: exactly the actions it uses, on every subscription in scope (assign it there too).
resource peeringKeeperRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'vnet-peering-keeper-role')
  properties: {
    roleName: 'VNet Peering Keeper (${environmentName})'
    description: 'Reads VNets, NICs and VMs; writes, syncs and deletes VNet peerings; changes VNet address spaces; runs Network Watcher connectivity checks.'
    type: 'CustomRole'
    assignableScopes: [subscription().id]
    permissions: [
      {
        actions: [
          'Microsoft.Resources/subscriptions/resourceGroups/read'
          'Microsoft.Network/virtualNetworks/read'
          'Microsoft.Network/virtualNetworks/write'
          'Microsoft.Network/virtualNetworks/peer/action'
          'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read'
          'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write'
          'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete'
          'Microsoft.Network/virtualNetworks/subnets/join/action'
          'Microsoft.Network/networkInterfaces/read'
          'Microsoft.Network/networkSecurityGroups/read'
          'Microsoft.Network/networkWatchers/read'
          'Microsoft.Network/networkWatchers/connectivityCheck/action'
          'Microsoft.Network/networkWatchers/ipFlowVerify/action'
          'Microsoft.Compute/virtualMachines/read'
          'Microsoft.Compute/virtualMachines/extensions/read'
        ]
        notActions: []
      }
    ]
  }
}

resource peeringKeeperAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, peeringKeeperRole.id, environmentName)
  properties: {
    roleDefinitionId: peeringKeeperRole.id
    principalId: app.outputs.identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AZURE_EVENTGRID_SYSTEM_TOPIC string = app.outputs.systemTopicName
output AZURE_SUBSCRIPTION_ID string = subscription().subscriptionId
