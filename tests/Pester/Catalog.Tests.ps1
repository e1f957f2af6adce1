# Get-MaFlavor and Get-MaEngine (the SDK's get_train_instance_types / get_framework_list), their views and completers.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaLocalSession $svc

}

AfterAll {
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Get-MaFlavor' {
    It 'lists the training flavors with their sizes' {
        $flavors = Get-MaFlavor
        # The built-in catalog has each code once (specs 7 and 44 were repeats of 2u/8u).
        $flavors.Count | Should -Be 6
        ($flavors.Code | Sort-Object -Unique).Count | Should -Be $flavors.Count
        $flavors[0] | Should -BeOfType ([ModelArts.Core.Models.Flavor])
        $gpu = $flavors | Where-Object Code -EQ 'modelarts.vm.gpu.v100NV'
        $gpu.SpecId | Should -Be 5
        $gpu.Cores | Should -Be 8
        $gpu.MemoryGiB | Should -Be 64
        $gpu.GpuCount | Should -Be 1
        $gpu.GpuType | Should -Be 'v100NV32'
        $gpu.MaxNodes | Should -Be 4
        ($flavors | Where-Object Code -EQ 'modelarts.vm.gpu.free').SoldOut | Should -BeTrue
    }

    It 'filters by code with wildcards, by position, from the pipeline and by the SDK name' {
        (Get-MaFlavor -Code '*.cpu.*').Code | Select-Object -Unique | Should -Be @('modelarts.vm.cpu.2u', 'modelarts.vm.cpu.8u')
        (Get-MaFlavor 'modelarts.bm.*').SpecId | Should -Be 15
        ('modelarts.vm.gpu.p100' | Get-MaFlavor).SpecId | Should -Be 12
        (Get-MaFlavor -train_instance_type 'MODELARTS.VM.GPU.FREE').SpecId | Should -Be 16
        # A training job carries its flavor as FlavorCode: `Get-MaTrainingJob -JobId 1 | Get-MaFlavor`.
        ([pscustomobject]@{ FlavorCode = 'modelarts.vm.gpu.p100'; Name = 'job' } | Get-MaFlavor).SpecId | Should -Be 12
    }

    It 'reports a plain code that matches nothing as ObjectNotFound' {
        $failure = { Get-MaFlavor -Code 'modelarts.vm.cpu.1024u' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'FlavorNotFound,ModelArts.PowerShell.Commands.GetMaFlavorCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be 'modelarts.vm.cpu.1024u'
        Get-MaFlavor -Code '*.tpu.*' | Should -BeNullOrEmpty
    }

    It 'reads the service on every call (sold-out flags change), and renews the cache that completion and New-MaTrainingJob use' {
        $since = Get-MaLocalRequestSeq $svc
        $null = Get-MaFlavor
        $null = Get-MaFlavor -Code '*gpu*'
        @(Get-MaLocalRequestLog $svc -Since $since | Where-Object path -Like '*/job/resource-specs').Count | Should -Be 2
        $since = Get-MaLocalRequestSeq $svc
        $null = TabExpansion2 'Get-MaFlavor -Code modelarts.vm.c'
        $null = New-MaTrainingJob -Name 'cache_probe' -FrameworkType PyTorch -FrameworkVersion PyTorch-1.0.0-python3.6 -CodeDir /bkt/code/ `
            -BootFile train.py -Inputs /bkt/data/ -OutputPath /bkt/out/ -TrainInstanceType modelarts.vm.cpu.2u -WhatIf
        @(Get-MaLocalRequestLog $svc -Since $since | Where-Object path -Like '*/job/resource-specs') | Should -BeNullOrEmpty
    }

    It 'shows a table with the code and its availability first' {
        $text = Get-MaFlavor | Out-String
        $text | Should -Match 'Code\s+Status\s+SpecId\s+Cores\s+MemoryGiB\s+Gpus\s+GpuType\s+MaxNodes'
        $text | Should -Match 'modelarts\.vm\.gpu\.free\s+SoldOut\s+16'
        $text | Should -Match 'modelarts\.vm\.cpu\.2u\s+Available\s+2\s+2\s+8'
    }
}

Describe 'Get-MaEngine' {
    It 'lists the engines as framework type and version pairs' {
        $engines = Get-MaEngine
        $engines[0] | Should -BeOfType ([ModelArts.Core.Models.Engine])
        $tf = $engines | Where-Object EngineId -EQ 4
        $tf.FrameworkType | Should -Be 'TensorFlow'
        $tf.FrameworkVersion | Should -Be 'TF-1.8.0-python3.6'
        $tf.EngineType | Should -Be 1
    }

    It 'filters by -FrameworkType and -FrameworkVersion with wildcards (positions 0 and 1, SDK names too)' {
        (Get-MaEngine -FrameworkType 'pytorch').EngineId | Should -Be @(21, 22, 23)
        (Get-MaEngine 'PyTorch' '*1.4*').EngineId | Should -Be 23
        (Get-MaEngine -framework_type 'Tensor*' -framework_version 'TF-2*').EngineId | Should -Be 6
    }

    It 'reports a plain framework that matches nothing as ObjectNotFound' {
        $failure = { Get-MaEngine -FrameworkType 'Theano' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'EngineNotFound,ModelArts.PowerShell.Commands.GetMaEngineCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-MaEngine -FrameworkType PyTorch -FrameworkVersion 'PyTorch-0.1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'EngineNotFound,ModelArts.PowerShell.Commands.GetMaEngineCommand'
    }

    It 'shows a table of type, version and ids' {
        Get-MaEngine -FrameworkType MXNet | Out-String | Should -Match 'FrameworkType\s+FrameworkVersion\s+EngineId\s+EngineType\s+-+\s+-+\s+-+\s+-+\s+MXNet\s+MXNet-1\.2\.1-python2\.7\s+501\s+2'
    }
}

Describe 'Catalog completers' {
    It 'complete -Code, -FrameworkType and -FrameworkVersion of Get-MaFlavor and Get-MaEngine' {
        (TabExpansion2 'Get-MaFlavor -Code modelarts.bm').CompletionMatches.CompletionText | Should -Be 'modelarts.bm.gpu.8v100'
        (TabExpansion2 'Get-MaFlavor modelarts.vm.gpu.f').CompletionMatches | ForEach-Object ToolTip | Should -Match 'sold out'
        (TabExpansion2 'Get-MaEngine -FrameworkType X').CompletionMatches.CompletionText | Should -Be 'XGBoost-Sklearn'
        (TabExpansion2 'Get-MaEngine -FrameworkType MXNet -FrameworkVersion ').CompletionMatches.CompletionText | Should -Be @('MXNet-1.2.1-python2.7', 'MXNet-1.2.1-python3.6')
    }

    It 'use the -Session on the command line, and offer nothing without a session' {
        $session = Connect-MaLocalSession $svc -PassThru
        Connect-MaLocalSession $svc -Password
        Disconnect-MaSession
        try {
            Get-MaSession | Should -BeNullOrEmpty
            # (PowerShell may still offer file names when a completer has nothing.)
            (TabExpansion2 'Get-MaEngine -FrameworkType Py').CompletionMatches.CompletionText | Should -Not -Contain 'PyTorch'
            (TabExpansion2 'Get-MaEngine -Session $session -FrameworkType Py').CompletionMatches.CompletionText | Should -Be 'PyTorch'
        }
        finally {
            Connect-MaLocalSession $svc
        }
    }

    It 'never hang Tab: a service that does not answer gives no completions within the time budget' {
        Connect-MaLocalSession $svc
        try {
            Set-MaLocalFault $svc @{ hang_rate = 1 }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            (TabExpansion2 'New-MaTrainingJob -TrainInstanceType modelarts.').CompletionMatches.CompletionText | Should -Not -Contain 'modelarts.vm.cpu.2u'
            Write-Figure 'catalog.seconds-of-tab-against-a-hung-service' ([math]::Round($clock.Elapsed.TotalSeconds, 2))
            # The completer's budget is 3 s; the bound only catches Tab waiting for the hung call itself.
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 60
        }
        finally {
            Clear-MaLocalFault $svc
        }
    }
}
