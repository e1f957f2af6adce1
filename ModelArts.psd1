@{
    RootModule           = 'ModelArts.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6c0e3a51-2f7b-4d1e-9a43-8b5f0d6e2c71'
    Author               = 'ModelArts for PowerShell contributors'
    CompanyName          = 'ModelArts for PowerShell'
    Copyright            = '(c) ModelArts for PowerShell contributors. MIT License.'
    Description          = 'Create, watch, read and manage Huawei Cloud and Open Telekom Cloud ModelArts training jobs from PowerShell, with AK/SK signing, IAM tokens, retries and a local ModelArts-compatible service for testing.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('ModelArts.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-MaSession'
        'Copy-MaObsItem'
        'Disconnect-MaSession'
        'Get-MaEngine'
        'Get-MaFlavor'
        'Get-MaObsItem'
        'Get-MaSession'
        'Get-MaTrainingJob'
        'Get-MaTrainingJobEvent'
        'Get-MaTrainingJobLog'
        'Get-MaTrainingJobMetric'
        'Invoke-MaRestMethod'
        'New-MaTrainingJob'
        'New-MaTrainingJobVersion'
        'Remove-MaObsItem'
        'Remove-MaTrainingJob'
        'Save-MaTrainingJobOutput'
        'Set-MaTrainingJob'
        'Stop-MaTrainingJob'
        'Wait-MaTrainingJob'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('ModelArts', 'HuaweiCloud', 'OpenTelekomCloud', 'OTC', 'MachineLearning', 'Training', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/modelarts-powershell/ModelArts'
            LicenseUri   = 'https://github.com/modelarts-powershell/ModelArts/blob/main/LICENSE'
            ReleaseNotes = 'First release: training jobs (create, list, wait, logs, stop, remove), flavors and engines, AK/SK and IAM password authentication, and the local ModelArts service.'
        }
    }
}
