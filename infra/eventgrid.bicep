// The Event Grid subscription from the subscription's system topic to the app's Event Grid trigger.
// Deployed after the code (azd postdeploy hook): Event Grid validates an Azure Function endpoint on creation.
// Only successful writes and deletes of VNets and peerings reach the app (advanced filter on the operation).
param systemTopicName string
param functionAppName string
@description('Name of the Event Grid trigger function in functions/.')
param functionName string = 'vnetChanged'

resource systemTopic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource subscriptionToApp 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = {
  parent: systemTopic
  name: 'vnet-changes-to-peering-keeper'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/${functionName}'
        maxEventsPerBatch: 10
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
        'Microsoft.Resources.ResourceDeleteSuccess'
        'Microsoft.Resources.ResourceActionSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: [
            'Microsoft.Network/virtualNetworks/write'
            'Microsoft.Network/virtualNetworks/delete'
            'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write'
            'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete'
          ]
        }
      ]
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}
